package io.flotilla.gitwatcher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.Topics;
import io.flotilla.gitwatcher.domain.Announced;
import io.flotilla.gitwatcher.kafka.KafkaWatchStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart safety against the real broker's {@code flotilla.watch-state} and real Git repositories:
 * each "restart" is a new {@link Watcher} with a new {@link KafkaWatchStateStore}, sharing nothing
 * in memory with the one before; only the topic carries what was announced.
 */
class WatchStateRestartComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");

  @TempDir Path tmp;
  final String app = "restart-" + UUID.randomUUID().toString().substring(0, 8);
  final List<CommitEvent> published = new ArrayList<>();
  final List<Watcher> started = new ArrayList<>();
  final List<KafkaWatchStateStore> stores = new ArrayList<>();
  Git appRepo;
  FleetHolder fleet;

  @BeforeEach
  void repos() throws Exception {
    appRepo = Git.init().setDirectory(tmp.resolve("apps").toFile()).setInitialBranch("main").call();
    commit(appRepo, "guestbook/cm.yaml", "kind: ConfigMap\n", "first");
    String appUrl = appRepo.getRepository().getDirectory().toURI().toString();
    try (Git fleetRepo =
        Git.init().setDirectory(tmp.resolve("fleet").toFile()).setInitialBranch("main").call()) {
      commit(
          fleetRepo,
          "apps/" + app + ".yaml",
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata: {name: %s}
          spec:
            source: {repoURL: '%s', ref: main, path: guestbook}
            destination: {namespace: guestbook, clusterSelector: {}}
          """
              .formatted(app, appUrl),
          "app");
      fleet =
          new FleetHolder(
              fleetRepo.getRepository().getDirectory().toURI().toString(),
              "main",
              tmp.resolve("cache"),
              tmp.resolve("credentials"),
              java.time.Duration.ofSeconds(30));
    }
  }

  @AfterEach
  void close() {
    started.forEach(Watcher::close);
    stores.forEach(KafkaWatchStateStore::close);
    appRepo.close();
  }

  /** A watcher as after a fresh start: new store, nothing in memory. */
  Watcher start() {
    var store = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    stores.add(store);
    Watcher watcher = TestWatchers.watcher(fleet, published::add, store, Ownership.EVERYTHING, 1);
    started.add(watcher);
    return watcher;
  }

  @Test
  void restartedWatcherShouldNeitherRepeatNorMissCommits() throws Exception {
    String first = appRepo.getRepository().resolve("refs/heads/main").name();

    assertThat(start().pollOnce()).isEqualTo(1);
    // restarted with the head unchanged: nothing to announce
    assertThat(start().pollOnce()).isZero();

    // a commit lands while no watcher runs
    String second = commit(appRepo, "guestbook/cm.yaml", "kind: ConfigMap\n# 2\n", "second");
    Watcher afterDowntime = start();
    assertThat(afterDowntime.pollOnce()).isEqualTo(1);
    assertThat(afterDowntime.pollOnce()).isZero();
    assertThat(start().pollOnce()).isZero();

    assertThat(published)
        .map(CommitDetected.class::cast)
        .extracting(CommitDetected::sha, CommitDetected::previousSha)
        .containsExactly(tuple(first, null), tuple(second, first));
  }

  @Test
  void storeShouldReturnTheLatestValuePerApp() {
    var writer = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    stores.add(writer);
    var at = java.time.Instant.parse("2026-11-26T10:00:00Z");
    writer.save(new Announced(app, "file:///r.git", "main", "a".repeat(40), at));
    writer.save(new Announced(app, "file:///r.git", "v1.4.2", "b".repeat(40), at.plusSeconds(1)));

    var reader = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    stores.add(reader);

    assertThat(reader.load().get(app))
        .isEqualTo(
            new Announced(app, "file:///r.git", "v1.4.2", "b".repeat(40), at.plusSeconds(1)));
  }

  static String commit(Git git, String path, String content, String message) throws Exception {
    Path file = git.getRepository().getWorkTree().toPath().resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).call().name();
  }
}
