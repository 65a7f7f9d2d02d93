package io.flotilla.gitwatcher;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Real Git repositories for the component test, made before the service starts: an app repo and a
 * fleet repo whose one application follows its {@code main} branch.
 */
public class GitFleetResource implements QuarkusTestResourceLifecycleManager {
  static final String APP = "gw-" + UUID.randomUUID().toString().substring(0, 8);
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static Path root;
  static Git appRepo;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("git-watcher-test");
      appRepo =
          Git.init().setDirectory(root.resolve("apps").toFile()).setInitialBranch("main").call();
      commit(appRepo, "guestbook/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n", "first");
      String appUrl = appRepo.getRepository().getDirectory().toURI().toString();
      try (Git fleet =
          Git.init().setDirectory(root.resolve("fleet").toFile()).setInitialBranch("main").call()) {
        commit(
            fleet,
            "clusters/sim-1.yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Cluster
            metadata: {name: sim-1, labels: {env: prod}}
            spec: {kubeconfig: {secretRef: sim-1.kubeconfig}}
            """,
            "cluster");
        commit(
            fleet,
            "apps/" + APP + ".yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Application
            metadata: {name: %s}
            spec:
              source: {repoURL: '%s', ref: main, path: guestbook}
              destination: {namespace: guestbook, clusterSelector: {matchLabels: {env: prod}}}
            """
                .formatted(APP, appUrl),
            "app");
        return Map.of(
            "flotilla.fleet.repo",
            fleet.getRepository().getDirectory().toURI().toString(),
            "flotilla.cache-dir",
            root.resolve("cache").toString(),
            "flotilla.poll.interval",
            "1s");
      }
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot create test repositories", e);
    }
  }

  static String commit(Git git, String path, String content, String message)
      throws IOException, GitAPIException {
    Path file = git.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).call().name();
  }

  @Override
  public void stop() {
    if (appRepo != null) {
      appRepo.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + root, e);
    }
  }
}
