package io.flotilla.gitwatcher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.Topics;
import io.flotilla.gitwatcher.kafka.KafkaOwnership;
import io.flotilla.gitwatcher.kafka.KafkaWatchStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two watcher instances in one group, against the real broker: they share the repositories, never
 * both announce a commit, and when one stops the other takes its repositories over without
 * repeating or missing a commit.
 */
class TwoWatchersComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static final int REPOS = 8;

  @TempDir Path tmp;
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String group = "watchers-" + id;
  final List<CommitEvent> published = Collections.synchronizedList(new ArrayList<>());
  final List<Git> repos = new ArrayList<>();
  final List<AutoCloseable> closing = new ArrayList<>();
  String fleetUrl;

  @BeforeEach
  void repos() throws Exception {
    try (Git fleet =
        Git.init().setDirectory(tmp.resolve("fleet").toFile()).setInitialBranch("main").call()) {
      for (int i = 0; i < REPOS; i++) {
        Git repo =
            Git.init().setDirectory(tmp.resolve("r" + i).toFile()).setInitialBranch("main").call();
        repos.add(repo);
        WatchStateRestartComponentTest.commit(repo, "app/cm.yaml", "kind: ConfigMap\n", "first");
        WatchStateRestartComponentTest.commit(
            fleet,
            "apps/a" + i + "-" + id + ".yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Application
            metadata: {name: a%d-%s}
            spec:
              source: {repoURL: '%s', ref: main, path: app}
              destination: {namespace: app, clusterSelector: {}}
            """
                .formatted(i, id, repo.getRepository().getDirectory().toURI()),
            "app " + i);
      }
      fleetUrl = fleet.getRepository().getDirectory().toURI().toString();
    }
  }

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
    repos.forEach(Git::close);
  }

  record Instance(Watcher watcher, KafkaOwnership ownership) {}

  Instance start(String name) {
    FleetHolder fleet =
        new FleetHolder(
            fleetUrl,
            "main",
            tmp.resolve("cache-" + name),
            tmp.resolve("credentials"),
            Duration.ofSeconds(30));
    var store = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    var ownership = new KafkaOwnership(BOOTSTRAP, Topics.WATCH_STATE, group);
    Watcher watcher = TestWatchers.watcher(fleet, published::add, store, ownership, 2);
    closing.add(store::close);
    closing.add(watcher::close);
    closing.add(ownership::close);
    return new Instance(watcher, ownership);
  }

  @Test
  void twoInstancesShouldShareRepositoriesAndHandThemOverWithoutRepeatsOrGaps() throws Exception {
    Instance a = start("a");
    Instance b = start("b");
    // the group settles: each instance owns some of the topic's three partitions, none twice
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !a.ownership().shares().isEmpty()
                    && !b.ownership().shares().isEmpty()
                    && a.ownership().shares().size() + b.ownership().shares().size() == 3
                    && Collections.disjoint(a.ownership().shares(), b.ownership().shares()));

    // both poll, concurrently, several times: every app announced once
    pollBoth(a, b, 3);
    assertThat(countsByApp()).hasSize(REPOS).allSatisfy((app, n) -> assertThat(n).isOne());

    // a commit on every repo, polled by both: each announced once
    List<String> seconds = new ArrayList<>();
    for (Git repo : repos) {
      seconds.add(
          WatchStateRestartComponentTest.commit(
              repo, "app/cm.yaml", "kind: ConfigMap\n# 2\n", "second"));
    }
    pollBoth(a, b, 3);
    assertThat(published)
        .filteredOn(e -> e instanceof CommitDetected c && seconds.contains(c.sha()))
        .hasSize(REPOS);

    // a webhook reaching the instance that does not own the repository: forwarded to the owner
    Git repo0 = repos.get(0);
    String url0 = repo0.getRepository().getDirectory().toURI().toString();
    Instance nonOwner = a.ownership().owns(url0) ? b : a;
    String forwarded =
        WatchStateRestartComponentTest.commit(
            repo0, "app/cm.yaml", "kind: ConfigMap\n# 2b\n", "webhook");
    assertThat(nonOwner.watcher().checkNow(url0)).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                published.stream()
                    .anyMatch(e -> e instanceof CommitDetected c && c.sha().equals(forwarded)));
    seconds.set(0, forwarded);

    // a stops; its repositories go to b, which announces what landed meanwhile, once
    a.ownership().close();
    a.watcher().close();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                repos.stream()
                    .allMatch(
                        r ->
                            b.ownership()
                                .owns(r.getRepository().getDirectory().toURI().toString())));
    List<String> thirds = new ArrayList<>();
    for (Git repo : repos) {
      thirds.add(
          WatchStateRestartComponentTest.commit(
              repo, "app/cm.yaml", "kind: ConfigMap\n# 3\n", "third"));
    }
    b.watcher().pollOnce();
    b.watcher().pollOnce();

    assertThat(countsByApp())
        .allSatisfy((app, n) -> assertThat(n).isEqualTo(app.startsWith("a0-") ? 4 : 3));
    assertThat(published)
        .filteredOn(e -> e instanceof CommitDetected c && thirds.contains(c.sha()))
        .map(e -> ((CommitDetected) e).previousSha())
        .containsExactlyInAnyOrderElementsOf(seconds);
  }

  private void pollBoth(Instance a, Instance b, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      Thread ta = new Thread(a.watcher()::pollOnce);
      Thread tb = new Thread(b.watcher()::pollOnce);
      ta.start();
      tb.start();
      ta.join();
      tb.join();
    }
  }

  private Map<String, Long> countsByApp() {
    synchronized (published) {
      return published.stream()
          .filter(CommitDetected.class::isInstance)
          .collect(Collectors.groupingBy(CommitEvent::app, Collectors.counting()));
    }
  }
}
