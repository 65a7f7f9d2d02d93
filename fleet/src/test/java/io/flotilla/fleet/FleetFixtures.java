package io.flotilla.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fleet repo files for tests: four clusters and one app targeting env=prod. */
public final class FleetFixtures {
  private FleetFixtures() {}

  public static String cluster(String name, String labels) {
    return """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata:
          name: %s
          labels: %s
        spec:
          kubeconfig:
            secretRef: %s.kubeconfig
        """
        .formatted(name, labels, name);
  }

  public static String app(String name, String selector) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: %s
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            ref: main
            path: ./guestbook/
          destination:
            namespace: guestbook
            clusterSelector: %s
        """
        .formatted(name, selector);
  }

  public static Map<String, String> fleetFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("clusters/staging-1.yaml", cluster("staging-1", "{env: staging, region: eu}"));
    files.put("clusters/prod-eu-1.yaml", cluster("prod-eu-1", "{env: prod, region: eu}"));
    files.put("clusters/prod-us-1.yaml", cluster("prod-us-1", "{env: prod, region: us}"));
    files.put("clusters/prod-ap-1.yaml", cluster("prod-ap-1", "{env: prod, region: ap}"));
    files.put("apps/guestbook.yaml", app("guestbook", "{matchLabels: {env: prod}}"));
    files.put("README.md", "not a fleet file");
    return files;
  }
}
