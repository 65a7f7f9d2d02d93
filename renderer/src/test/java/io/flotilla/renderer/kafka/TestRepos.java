package io.flotilla.renderer.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Real Git repositories in a temp dir: an application repo ({@code guestbook/}, {@code podinfo/})
 * and a fleet repo with clusters {@code sim-1} (env=staging), {@code sim-2} and {@code sim-3}
 * (env=prod), and apps {@code guestbook} (env=prod) and {@code podinfo} (env=staging).
 */
public final class TestRepos {
  static final PersonIdent ALICE = new PersonIdent("Alice", "alice@example.com");

  private final Path appsDir;
  private final Path fleetDir;
  private final String fleetUrl;
  private final String fleetSha;

  private TestRepos(Path appsDir, Path fleetDir, String fleetSha) {
    this.appsDir = appsDir;
    this.fleetDir = fleetDir;
    this.fleetUrl = url(fleetDir);
    this.fleetSha = fleetSha;
  }

  static TestRepos create(Path dir) throws IOException, GitAPIException {
    Path apps = dir.resolve("apps");
    Map<String, String> appFiles = new LinkedHashMap<>();
    appFiles.put("guestbook/configmap.yaml", configMap("initial"));
    appFiles.put("podinfo/configmap.yaml", configMap("podinfo"));
    commit(apps, appFiles, "initial apps", true);

    Map<String, String> fleet = new LinkedHashMap<>();
    fleet.put("clusters/sim-1.yaml", cluster("sim-1", "staging"));
    fleet.put("clusters/sim-2.yaml", cluster("sim-2", "prod"));
    fleet.put("clusters/sim-3.yaml", cluster("sim-3", "prod"));
    fleet.put("apps/guestbook.yaml", app("guestbook", url(apps), "prod"));
    fleet.put("apps/podinfo.yaml", app("podinfo", url(apps), "staging"));
    Path fleetDir = dir.resolve("fleet");
    String fleetSha = commit(fleetDir, fleet, "fleet", true);
    return new TestRepos(apps, fleetDir, fleetSha);
  }

  String appsUrl() {
    return url(appsDir);
  }

  String fleetUrl() {
    return fleetUrl;
  }

  String fleetSha() {
    return fleetSha;
  }

  /** Adds or replaces files of the fleet repo (repo-relative paths); the new fleet SHA. */
  synchronized String commitFleet(Map<String, String> files, String message)
      throws IOException, GitAPIException {
    return commit(fleetDir, files, message, false);
  }

  /** Replaces everything under {@code folder} of the app repo with {@code files}; the new SHA. */
  synchronized String commitApp(String folder, Map<String, String> files, String message)
      throws IOException, GitAPIException {
    Path target = appsDir.resolve(folder);
    if (Files.exists(target)) {
      try (Stream<Path> walk = Files.walk(target)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Map<String, String> prefixed = new LinkedHashMap<>();
    files.forEach((name, content) -> prefixed.put(folder + "/" + name, content));
    return commit(appsDir, prefixed, message, false);
  }

  private static String commit(Path repo, Map<String, String> files, String message, boolean init)
      throws IOException, GitAPIException {
    try (Git git =
        init
            ? Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()
            : Git.open(repo.toFile())) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path path = repo.resolve(f.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, f.getValue());
      }
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      return git.commit()
          .setMessage(message)
          .setAuthor(ALICE)
          .setCommitter(ALICE)
          .setSign(false)
          .call()
          .name();
    }
  }

  private static String url(Path repo) {
    return repo.toUri().toString();
  }

  private static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n";
  }

  static String cluster(String name, String env) {
    return """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata:
          name: %s
          labels: {env: %s}
        spec:
          kubeconfig:
            secretRef: %s.kubeconfig
        """
        .formatted(name, env, name);
  }

  static String app(String name, String repoUrl, String env) {
    return app(name, repoUrl, env, "yaml", "");
  }

  /** An Application of {@code type} at path {@code name}; {@code extra} is appended to spec. */
  static String app(String name, String repoUrl, String env, String type, String extra) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: %s
        spec:
          source:
            repoURL: %s
            ref: main
            path: %s
            type: %s
          destination:
            namespace: %s
            clusterSelector:
              matchLabels: {env: %s}
        """
            .formatted(name, repoUrl, name, type, name, env)
        + extra;
  }
}
