package io.flotilla.e2e.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** The hostile commits HostileInputIT makes to an app repository, and the files they hold. */
public final class HostileCommits {
  private HostileCommits() {}

  /**
   * One hostile change: made, committed, then undone in the work tree so the next case starts
   * clean.
   *
   * @param file the repo-relative file the refusal must name, or {@code null} when it names none
   * @param words what the refusal must say
   */
  public record Case(
      String name,
      Consumer<HostileRepo> apply,
      Consumer<HostileRepo> undo,
      String file,
      String words) {}

  /**
   * @param app the application whose folder the files go to
   * @param victim another application, whose namespace {@code app} may not use
   */
  public static List<Case> cases(String app, String victim, String secretData, String secretData2) {
    String dir = app + "/";
    List<Case> cases = new ArrayList<>();
    cases.add(
        new Case(
            "symlink to /etc/passwd",
            r -> r.link(dir + "passwd.yaml", "/etc/passwd"),
            r -> r.remove(dir + "passwd.yaml"),
            dir + "passwd.yaml",
            "is a symlink to '/etc/passwd', outside the repository; refused"));
    cases.add(
        new Case(
            "symlink to ../../other-app",
            r -> r.link(dir + "other.yaml", "../../other-app/secret.yaml"),
            r -> r.remove(dir + "other.yaml"),
            dir + "other.yaml",
            "outside the repository; refused"));
    cases.add(
        new Case(
            "YAML alias bomb",
            r -> r.put(dir + "lol.yaml", aliasBomb()),
            r -> r.remove(dir + "lol.yaml"),
            dir + "lol.yaml",
            "aliases"));
    cases.add(
        new Case(
            "YAML nested 10,000 deep",
            r ->
                r.put(
                    dir + "deep.yaml",
                    configMap("deep") + "data: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"),
            r -> r.remove(dir + "deep.yaml"),
            dir + "deep.yaml",
            "Nesting Depth exceeded"));
    cases.add(
        new Case(
            "invalid UTF-8",
            r -> r.put(dir + "latin1.yaml", latin1()),
            r -> r.remove(dir + "latin1.yaml"),
            dir + "latin1.yaml",
            "is not valid UTF-8: byte 0xe9"));
    cases.add(
        new Case(
            "a 5 MiB ConfigMap",
            r ->
                r.put(
                    dir + "big.yaml",
                    configMap("big") + "data: {blob: '" + "x".repeat(5 << 20) + "'}\n"),
            r -> r.remove(dir + "big.yaml"),
            dir + "big.yaml",
            "over the per-file limit of 4194304 bytes"));
    cases.add(
        new Case(
            "a 100 MiB file",
            r -> r.put(dir + "huge.bin", new byte[100 << 20]),
            r -> r.remove(dir + "huge.bin"),
            dir + "huge.bin",
            "is 104857600 bytes, over the per-file limit of 4194304 bytes"));
    cases.add(
        new Case(
            "a Secret with data",
            r -> r.put(dir + "secret.yaml", secret(secretData, secretData2)),
            r -> r.remove(dir + "secret.yaml"),
            dir + "secret.yaml",
            "Secret 'db-credentials' is refused"));
    cases.add(
        new Case(
            "an object without kind",
            r -> r.put(dir + "nokind.yaml", "apiVersion: v1\nmetadata: {name: nokind}\n"),
            r -> r.remove(dir + "nokind.yaml"),
            dir + "nokind.yaml",
            "has no kind; every object needs apiVersion, kind and metadata.name"));
    cases.add(
        new Case(
            "the same object twice",
            r -> r.put(dir + "twice.yaml", configMap(app + "-config")),
            r -> r.remove(dir + "twice.yaml"),
            dir + "twice.yaml",
            "is declared twice"));
    cases.add(
        new Case(
            "an object in another app's namespace",
            r ->
                r.put(
                    dir + "steal.yaml",
                    configMap("steal")
                        .replace("{name: steal}", "{name: steal, namespace: " + victim + "}")),
            r -> r.remove(dir + "steal.yaml"),
            null,
            "may not use namespace '"
                + victim
                + "', the destination namespace of application '"
                + victim
                + "'"));
    cases.add(
        new Case(
            "an object in kube-system",
            r ->
                r.put(
                    dir + "system.yaml",
                    configMap("system")
                        .replace("{name: system}", "{name: system, namespace: kube-system}")),
            r -> r.remove(dir + "system.yaml"),
            null,
            "may not use namespace 'kube-system', a Kubernetes system namespace"));
    return cases;
  }

  public static String app(String name, String url) {
    return """
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
        .formatted(name, url);
  }

  public static String goodManifests(String app, int replicas) {
    return String.join(
        "---\n",
        configMap(app + "-config") + "data: {GREETING: hello}\n",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s}
        spec:
          replicas: %2$d
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec: {containers: [{name: web, image: "nginx:1.27"}]}
        """
            .formatted(app, replicas));
  }

  public static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n";
  }

  public static String secret(String secretData, String secretData2) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: db-credentials}
        stringData: {password: %s}
        data: {apiKey: %s}
        """
        .formatted(
            secretData,
            Base64.getEncoder().encodeToString(secretData2.getBytes(StandardCharsets.UTF_8)));
  }

  static String aliasBomb() {
    StringBuilder bomb = new StringBuilder(configMap("lol"));
    bomb.append(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'i'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = String.valueOf(c);
    }
    return bomb.toString();
  }

  static byte[] latin1() {
    return (configMap("latin1") + "data: {name: 'café'}\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A Cluster whose kubeconfig is inline, with a bearer token: refused. */
  public static String inlineCredentialsCluster(String token) {
    return """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata: {name: evil, labels: {env: prod}}
        spec:
          kubeconfig:
            server: https://10.0.0.1:6443
            token: %s
        """
        .formatted(token);
  }

  /** An Application with a path and a values file climbing out, and a misspelt field: refused. */
  public static String typoApp(String app, String url) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %1$s-typo}
        spec:
          source:
            repoURL: %2$s
            path: ../../etc
            type: helm
            helm: {valuesFiles: [../../../../etc/passwd]}
          destination:
            namespace: %1$s-typo
            clusterSelector: {matchLabels: {env: prod}}
          syncPolicy: {prun: true}
        """
        .formatted(app, url);
  }
}
