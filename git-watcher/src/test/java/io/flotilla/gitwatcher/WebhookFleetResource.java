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

/**
 * Repositories for the push-strategy tests, polled only once an hour so that whatever is announced
 * after start-up was caused by a webhook: {@code hooked} (one app), {@code mono} (three apps on one
 * branch, paths {@code a}, {@code b}, {@code c}) and {@code rewritten} (two apps, force-pushed).
 */
public class WebhookFleetResource implements QuarkusTestResourceLifecycleManager {
  static final String PREFIX = "wh-" + UUID.randomUUID().toString().substring(0, 8);
  static final String APP = PREFIX + "-hooked";
  static final String MONO_A = PREFIX + "-mono-a";
  static final String MONO_B = PREFIX + "-mono-b";
  static final String MONO_C = PREFIX + "-mono-c";
  static final String REWRITTEN_X = PREFIX + "-rewritten-x";
  static final String REWRITTEN_Y = PREFIX + "-rewritten-y";

  /** The shared secret (generic, Gitea, GitLab). */
  static final String SECRET = "shared-" + UUID.randomUUID();

  /** GitHub's own secret, overriding the shared one. */
  static final String GITHUB_SECRET = "github-" + UUID.randomUUID();

  static Path root;
  static Git hooked;
  static Git mono;
  static Git rewritten;

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("git-watcher-webhook-test");
      hooked = repo("hooked");
      GitFleetResource.commit(hooked, "guestbook/cm.yaml", "kind: ConfigMap\n", "first");
      mono = repo("mono");
      for (String path : new String[] {"a", "b", "c"}) {
        GitFleetResource.commit(mono, path + "/cm.yaml", "kind: ConfigMap\n", "add " + path);
      }
      rewritten = repo("rewritten");
      GitFleetResource.commit(rewritten, "x/cm.yaml", "kind: ConfigMap\n", "x");
      GitFleetResource.commit(rewritten, "y/cm.yaml", "kind: ConfigMap\n", "y");
      try (Git fleet = repo("fleet")) {
        app(fleet, APP, hooked, "guestbook");
        app(fleet, MONO_A, mono, "a");
        app(fleet, MONO_B, mono, "b");
        app(fleet, MONO_C, mono, "c");
        app(fleet, REWRITTEN_X, rewritten, "x");
        app(fleet, REWRITTEN_Y, rewritten, "y");
        return Map.of(
            "flotilla.fleet.repo",
            url(fleet),
            "flotilla.cache-dir",
            root.resolve("cache").toString(),
            "flotilla.poll.interval",
            "1h",
            "flotilla.webhook.secret",
            SECRET,
            "flotilla.webhook.secret.github",
            GITHUB_SECRET);
      }
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot create test repositories", e);
    }
  }

  static String url(Git git) {
    return git.getRepository().getDirectory().toURI().toString();
  }

  private static Git repo(String name) throws GitAPIException {
    return Git.init().setDirectory(root.resolve(name).toFile()).setInitialBranch("main").call();
  }

  private static void app(Git fleet, String name, Git source, String path)
      throws IOException, GitAPIException {
    GitFleetResource.commit(
        fleet,
        "apps/" + name + ".yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %s}
        spec:
          source: {repoURL: '%s', ref: main, path: %s}
          destination: {namespace: %s, clusterSelector: {matchLabels: {env: prod}}}
        """
            .formatted(name, url(source), path, name),
        name);
  }

  @Override
  public void stop() {
    for (Git git : new Git[] {hooked, mono, rewritten}) {
      if (git != null) {
        git.close();
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + root, e);
    }
  }
}
