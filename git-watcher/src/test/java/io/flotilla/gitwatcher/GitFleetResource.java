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

  /** Follows the semver range {@code ~1.4} over the app repo's tags. */
  static final String APP_SEMVER = APP + "-semver";

  /** Follows the annotated tag {@code stable}. */
  static final String APP_TAG = APP + "-tag";

  /** Pinned to the first commit. */
  static final String APP_PIN = APP + "-pin";

  /** Pinned to a commit that is not in the repository. */
  static final String APP_PIN_MISSING = APP + "-pin-missing";

  static final String MISSING_SHA = "0123456789abcdef0123456789abcdef01234567";

  /** Follows the branch {@code doomed}, which a test deletes. */
  static final String APP_DOOMED = APP + "-doomed";

  /** Follows a repository that does not answer, through a URL with credentials. */
  static final String APP_UNREACHABLE = APP + "-unreachable";

  static final String SECRET = "s3cr3t-" + UUID.randomUUID();

  /** The apps of one monorepo, {@code <APP_MONO>-000} ... each in its folder {@code svc-000} ... */
  static final String APP_MONO = APP + "-mono";

  /** More than one chunk of the publisher (100 records sent before their acks are awaited). */
  static final int MONO_APPS = 120;

  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static Path root;
  static Git appRepo;
  static String firstSha;
  static String nextSha;
  static Git monoRepo;
  static String monoFirstSha;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("git-watcher-test");
      appRepo =
          Git.init().setDirectory(root.resolve("apps").toFile()).setInitialBranch("main").call();
      firstSha = commit(appRepo, "guestbook/cm.yaml", "apiVersion: v1\nkind: ConfigMap\n", "first");
      appRepo.tag().setName("v1.4.0").setAnnotated(false).call();
      appRepo.tag().setName("latest").setAnnotated(false).call();
      appRepo
          .tag()
          .setName("stable")
          .setAnnotated(true)
          .setMessage("stable")
          .setTagger(ALICE)
          .call();
      // a commit on a side branch, for tags the tests add later without moving main
      appRepo.checkout().setCreateBranch(true).setName("next").call();
      nextSha = commit(appRepo, "guestbook/cm.yaml", "apiVersion: v1\nkind: Next\n", "next");
      appRepo.checkout().setName("main").call();
      appRepo.branchCreate().setName("doomed").call();
      String appUrl = appRepo.getRepository().getDirectory().toURI().toString();
      monoRepo =
          Git.init().setDirectory(root.resolve("mono").toFile()).setInitialBranch("main").call();
      monoFirstSha = commitMono("apiVersion: v1\nkind: ConfigMap\n", "the services");
      String monoUrl = monoRepo.getRepository().getDirectory().toURI().toString();
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
        commit(
            fleet,
            "apps/" + APP_SEMVER + ".yaml",
            app(APP_SEMVER, appUrl, "'~1.4'", "semver"),
            "semver");
        commit(fleet, "apps/" + APP_TAG + ".yaml", app(APP_TAG, appUrl, "stable", "tag"), "tag");
        commit(fleet, "apps/" + APP_PIN + ".yaml", app(APP_PIN, appUrl, firstSha, "commit"), "pin");
        commit(
            fleet,
            "apps/" + APP_PIN_MISSING + ".yaml",
            app(APP_PIN_MISSING, appUrl, MISSING_SHA, "commit"),
            "pin-missing");
        commit(
            fleet,
            "apps/" + APP_DOOMED + ".yaml",
            app(APP_DOOMED, appUrl, "doomed", "branch"),
            "doomed");
        commit(
            fleet,
            "apps/" + APP_UNREACHABLE + ".yaml",
            app(
                APP_UNREACHABLE,
                "https://alice:" + SECRET + "@127.0.0.1:9/none.git",
                "main",
                "branch"),
            "unreachable");
        for (int i = 0; i < MONO_APPS; i++) {
          String name = "%s-%03d".formatted(APP_MONO, i);
          Path file =
              fleet.getRepository().getWorkTree().toPath().resolve("apps/" + name + ".yaml");
          Files.writeString(
              file,
              app(name, monoUrl, "main", "branch").replace("guestbook", "svc-%03d".formatted(i)));
        }
        commit(fleet, "apps/" + APP_MONO + "-000.yaml", null, "the services");
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

  private static String app(String name, String url, String ref, String refType) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %s}
        spec:
          source: {repoURL: '%s', ref: %s, refType: %s, path: guestbook}
          destination: {namespace: guestbook, clusterSelector: {matchLabels: {env: prod}}}
        """
        .formatted(name, url, ref, refType);
  }

  /** One commit writing {@code content} to every monorepo app's {@code svc-<i>/cm.yaml}. */
  static String commitMono(String content, String message) throws IOException, GitAPIException {
    for (int i = 0; i < MONO_APPS; i++) {
      Path file = monoRepo.getRepository().getWorkTree().toPath().resolve("svc-%03d".formatted(i));
      Files.createDirectories(file);
      Files.writeString(file.resolve("cm.yaml"), content);
    }
    return commit(monoRepo, "svc-000/cm.yaml", content, message);
  }

  /** Writes {@code content} to {@code path} (unless {@code null}) and commits the work tree. */
  static String commit(Git git, String path, String content, String message)
      throws IOException, GitAPIException {
    if (content != null) {
      Path file = git.getRepository().getWorkTree().toPath().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    }
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).call().name();
  }

  @Override
  public void stop() {
    if (appRepo != null) {
      appRepo.close();
    }
    if (monoRepo != null) {
      monoRepo.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + root, e);
    }
  }
}
