package io.flotilla.gitwatcher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.FleetChanged;
import io.flotilla.events.Topics;
import io.flotilla.gitwatcher.domain.Announced;
import io.flotilla.gitwatcher.kafka.KafkaWatchStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One monorepo commit concerning many apps, against real Git repositories and the real broker's
 * watch state: the apps of one check are announced together, and remembered only once all of them
 * were acknowledged. Each "restart" is a new {@link Watcher} with a new {@link
 * KafkaWatchStateStore}.
 */
class MonorepoBatchComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static final int APPS = 50;

  @TempDir Path tmp;
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final List<String> apps =
      IntStream.range(0, APPS).mapToObj(i -> "svc-%02d-%s".formatted(i, id)).toList();
  final List<CommitEvent> published = Collections.synchronizedList(new ArrayList<>());
  final List<Watcher> started = new ArrayList<>();
  final List<KafkaWatchStateStore> stores = new ArrayList<>();

  /** How many more events the broker acknowledges before it fails; negative: never fails. */
  volatile int acceptBeforeFailing = -1;

  Git mono;
  Git fleetRepo;
  String monoUrl;
  FleetHolder fleet;

  @BeforeEach
  void repos() throws Exception {
    mono = Git.init().setDirectory(tmp.resolve("mono").toFile()).setInitialBranch("main").call();
    WatchStateRestartComponentTest.commit(mono, "web/cm.yaml", "kind: ConfigMap\n", "first");
    monoUrl = mono.getRepository().getDirectory().toURI().toString();
    fleetRepo =
        Git.init().setDirectory(tmp.resolve("fleet").toFile()).setInitialBranch("main").call();
    WatchStateRestartComponentTest.commit(
        fleetRepo, "apps/web-" + id + ".yaml", app("web-" + id, "web"), "web");
    fleet =
        new FleetHolder(
            fleetRepo.getRepository().getDirectory().toURI().toString(),
            "main",
            tmp.resolve("cache"),
            tmp.resolve("credentials"),
            java.time.Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    started.forEach(Watcher::close);
    stores.forEach(KafkaWatchStateStore::close);
    mono.close();
    fleetRepo.close();
  }

  @Test
  void aCommitAddingManyAppsShouldAnnounceAndRememberEveryOne() throws Exception {
    String first = mono.getRepository().resolve("refs/heads/main").name();
    Watcher watcher = start();
    assertThat(watcher.pollOnce()).isEqualTo(1);

    // one monorepo commit adds the apps' folders; one fleet commit adds the apps
    String added = commitAll(mono, "svc-%02d/cm.yaml", "kind: ConfigMap\n", "add the services");
    commitAll(fleetRepo, "apps/svc-%02d-" + id + ".yaml", null, "fleet: add the services");
    published.clear();

    assertThat(watcher.pollOnce()).isEqualTo(APPS);

    assertThat(published).filteredOn(FleetChanged.class::isInstance).hasSize(1);
    assertThat(detected())
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .as("every new app, at the commit that added it; web's files did not change")
        .containsExactlyInAnyOrderElementsOf(
            apps.stream().map(a -> tuple(a, added, null)).toList());
    assertThat(detected()).allSatisfy(c -> assertThat(c.message()).isEqualTo("add the services"));
    Map<String, Announced> remembered = load();
    assertThat(apps).allSatisfy(a -> assertThat(remembered.get(a).sha()).isEqualTo(added));
    assertThat(remembered.get("web-" + id).sha()).isEqualTo(first);

    // restarted: nothing again
    published.clear();
    assertThat(start().pollOnce()).isZero();

    // one commit changes every one of them: announced from where each was
    String changed = commitAll(mono, "svc-%02d/cm.yaml", "kind: ConfigMap\n# 2\n", "change all");
    assertThat(start().pollOnce()).isEqualTo(APPS);
    assertThat(detected())
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .containsExactlyInAnyOrderElementsOf(
            apps.stream().map(a -> tuple(a, changed, added)).toList());
    assertThat(start().pollOnce()).isZero();
    Map<String, Announced> after = load();
    assertThat(apps).allSatisfy(a -> assertThat(after.get(a).sha()).isEqualTo(changed));
  }

  @Test
  void aBatchTheBrokerDidNotFullyAcknowledgeShouldBeAnnouncedAgainWhole() throws Exception {
    commitAll(mono, "svc-%02d/cm.yaml", "kind: ConfigMap\n", "add the services");
    commitAll(fleetRepo, "apps/svc-%02d-" + id + ".yaml", null, "fleet: add the services");
    String head = mono.getRepository().resolve("refs/heads/main").name();
    Watcher watcher = start();
    acceptBeforeFailing = 20;

    assertThat(watcher.pollOnce()).as("the check of the monorepo failed").isZero();

    assertThat(detected()).hasSize(20);
    assertThat(load())
        .as("nothing remembered of a batch not acknowledged")
        .doesNotContainKeys(apps.toArray(String[]::new));

    // the broker is back: the whole batch again, the 20 acknowledged ones included
    acceptBeforeFailing = -1;
    published.clear();
    assertThat(watcher.pollOnce()).isEqualTo(APPS + 1);
    assertThat(detected())
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .containsAll(apps.stream().map(a -> tuple(a, head, null)).toList());
    assertThat(load()).containsKeys(apps.toArray(String[]::new));
    assertThat(watcher.pollOnce()).isZero();
    assertThat(start().pollOnce()).isZero();
  }

  /** A watcher as after a fresh start: new store, nothing in memory. */
  Watcher start() {
    var store = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    stores.add(store);
    CommitPublisher broker =
        event -> {
          if (acceptBeforeFailing == 0) {
            throw new IllegalStateException("broker unavailable");
          }
          if (acceptBeforeFailing > 0) {
            acceptBeforeFailing--;
          }
          published.add(event);
        };
    Watcher watcher =
        TestWatchers.watcher(fleet, published::add, broker, store, Ownership.EVERYTHING, 1);
    started.add(watcher);
    return watcher;
  }

  Map<String, Announced> load() {
    var store = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    stores.add(store);
    return store.load();
  }

  List<CommitDetected> detected() {
    return List.copyOf(published).stream()
        .filter(CommitDetected.class::isInstance)
        .map(CommitDetected.class::cast)
        .toList();
  }

  /**
   * One commit writing a file per app ({@code pattern} formatted with its index): {@code content},
   * or, when {@code null}, the app's definition.
   */
  String commitAll(Git git, String pattern, String content, String message) throws Exception {
    Path root = git.getRepository().getWorkTree().toPath();
    for (int i = 0; i < APPS; i++) {
      Path file = root.resolve(pattern.formatted(i));
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, content != null ? content : app(apps.get(i), "svc-%02d".formatted(i)));
    }
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(message)
        .setAuthor(WatchStateRestartComponentTest.ALICE)
        .setCommitter(WatchStateRestartComponentTest.ALICE)
        .call()
        .name();
  }

  private String app(String name, String path) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %s}
        spec:
          source: {repoURL: '%s', ref: main, path: %s}
          destination: {namespace: %s, clusterSelector: {}}
        """
        .formatted(name, monoUrl, path, path);
  }
}
