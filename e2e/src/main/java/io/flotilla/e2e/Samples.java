package io.flotilla.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small, realistic application and a fleet repo that deploys it to the prod clusters. */
public final class Samples {
  private Samples() {}

  /** Namespace, ConfigMap, Deployment and Service of {@code app}, under folder {@code app/}. */
  public static Map<String, String> app(String app, int replicas, String image) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        app + "/namespace.yaml",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
        """
            .formatted(app));
    files.put(
        app + "/config.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: %1$s-config
        data:
          GREETING: "Hello from Flotilla"
          STORAGE: redis://%1$s-redis:6379
        """
            .formatted(app));
    files.put(
        app + "/workload.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
          labels: {app: %1$s}
        spec:
          replicas: %2$d
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              containers:
                - name: web
                  image: %3$s
                  ports:
                    - containerPort: 8080
                  envFrom:
                    - configMapRef: {name: %1$s-config}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
        spec:
          selector: {app: %1$s}
          ports:
            - port: 80
              targetPort: 8080
        """
            .formatted(app, replicas, image));
    return files;
  }

  /**
   * A fleet repo: clusters {@code sim-1} (env=staging) and {@code sim-2}.. (env=prod), each with
   * the kubeconfig fleet-sim writes, and each {@code apps} entry (name to repo URL) deployed from
   * the folder of its name to the prod clusters.
   */
  public static Map<String, String> fleet(int clusters, Map<String, String> apps) {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 1; i <= clusters; i++) {
      files.put(
          "clusters/sim-" + i + ".yaml",
          """
          apiVersion: flotilla.io/v1
          kind: Cluster
          metadata:
            name: sim-%1$d
            labels: {env: %2$s}
          spec:
            kubeconfig:
              secretRef: sim-%1$d.kubeconfig
          """
              .formatted(i, i == 1 ? "staging" : "prod"));
    }
    apps.forEach(
        (app, url) ->
            files.put(
                "apps/" + app + ".yaml",
                """
                apiVersion: flotilla.io/v1
                kind: Application
                metadata:
                  name: %1$s
                spec:
                  source:
                    repoURL: %2$s
                    ref: main
                    path: %1$s
                    type: yaml
                  destination:
                    namespace: %1$s
                    clusterSelector:
                      matchLabels: {env: prod}
                """
                    .formatted(app, url)));
    return files;
  }

  /** The clusters the sample fleet's apps target. */
  public static List<String> prodClusters(int clusters) {
    return java.util.stream.IntStream.rangeClosed(2, clusters).mapToObj(i -> "sim-" + i).toList();
  }
}
