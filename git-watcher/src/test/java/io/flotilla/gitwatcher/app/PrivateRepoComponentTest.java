package io.flotilla.gitwatcher.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.events.WatchFailed;
import io.flotilla.fleet.git.HttpGitServer;
import io.flotilla.gitwatcher.kafka.KafkaWatchStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private app repository behind HTTP basic auth, read with the credential the app names in the
 * fleet repo: a succeeding and a failing fetch, after which the secret is in no event and no log
 * line.
 */
class PrivateRepoComponentTest {
  static final String TOKEN = "tok-" + UUID.randomUUID();

  @TempDir Path tmp;
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final List<CommitEvent> published = new ArrayList<>();
  final List<String> logLines = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logLines) {
            logLines.add(
                r.getLevel()
                    + " "
                    + new java.util.logging.SimpleFormatter().formatMessage(r)
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  HttpGitServer server;
  Git appRepo;
  Git fleetRepo;
  Watcher watcher;
  KafkaWatchStateStore store;

  @BeforeEach
  void start() throws Exception {
    Logger.getLogger("").addHandler(capture);
    Logger.getLogger("").setLevel(Level.ALL);
    appRepo = Git.init().setDirectory(tmp.resolve("apps").toFile()).setInitialBranch("main").call();
    WatchStateRestartComponentTest.commit(appRepo, "web/cm.yaml", "kind: ConfigMap\n", "first");
    server = new HttpGitServer("deployer", TOKEN);
    String url = server.serve("apps", tmp.resolve("apps/.git"));
    Path creds = Files.createDirectories(tmp.resolve("credentials"));
    Files.writeString(creds.resolve("apps-token"), "deployer:" + TOKEN + "\n");
    Files.writeString(creds.resolve("stale-token"), "deployer:" + TOKEN + "-revoked\n");
    fleetRepo =
        Git.init().setDirectory(tmp.resolve("fleet").toFile()).setInitialBranch("main").call();
    WatchStateRestartComponentTest.commit(
        fleetRepo, "apps/good-" + id + ".yaml", app("good-" + id, url, "apps-token"), "good");
    WatchStateRestartComponentTest.commit(
        fleetRepo,
        "apps/stale-" + id + ".yaml",
        app("stale-" + id, server.serve("mirror", tmp.resolve("apps/.git")), "stale-token"),
        "stale");
    FleetHolder fleet =
        new FleetHolder(
            fleetRepo.getRepository().getDirectory().toURI().toString(),
            "main",
            tmp.resolve("cache"),
            creds,
            java.time.Duration.ofSeconds(30));
    store =
        new KafkaWatchStateStore(
            System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092"), Topics.WATCH_STATE);
    watcher = TestWatchers.watcher(fleet, published::add, store, Ownership.EVERYTHING, 2);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    watcher.close();
    store.close();
    server.close();
    appRepo.close();
    fleetRepo.close();
  }

  @Test
  void privateRepoShouldBeReadWithItsCredentialAndTheSecretLeakNowhere() {
    watcher.pollOnce();

    assertThat(published)
        .filteredOn(CommitDetected.class::isInstance)
        .map(CommitEvent::app)
        .containsExactly("good-" + id);
    WatchFailed failed =
        published.stream()
            .filter(WatchFailed.class::isInstance)
            .map(WatchFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.app()).isEqualTo("stale-" + id);
    assertThat(failed.reason()).containsIgnoringCase("not authorized");
    assertThat(server.denied()).isPositive();

    EventCodec codec = new EventCodec();
    List<String> wire =
        published.stream()
            .map(
                e ->
                    codec.encode(CloudEvent.of(e, "/flotilla/git-watcher/test", Clock.systemUTC())))
            .toList();
    assertThat(wire).noneMatch(json -> json.contains(TOKEN));
    synchronized (logLines) {
      assertThat(logLines).anyMatch(l -> l.contains("stale-" + id));
      assertThat(logLines).noneMatch(l -> l.contains(TOKEN));
    }
  }

  private static String app(String name, String url, String credentialsRef) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %s}
        spec:
          source: {repoURL: '%s', ref: main, path: web, credentialsRef: %s}
          destination: {namespace: web, clusterSelector: {}}
        """
        .formatted(name, url, credentialsRef);
  }
}
