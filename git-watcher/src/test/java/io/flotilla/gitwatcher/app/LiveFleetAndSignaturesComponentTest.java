package io.flotilla.gitwatcher.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.FleetChanged;
import io.flotilla.events.FleetRejected;
import io.flotilla.events.Signature;
import io.flotilla.events.Topics;
import io.flotilla.gitwatcher.kafka.KafkaWatchStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet repo watched live, and signed commits, against real Git repositories, real gpg keys and
 * the real broker's watch state: changes to the fleet take effect without a restart, an invalid
 * fleet is refused while the previous one stays in force, and commits are announced with the
 * outcome of their signature check.
 */
class LiveFleetAndSignaturesComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");

  @TempDir Path tmp;
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final List<CommitEvent> published = java.util.Collections.synchronizedList(new ArrayList<>());
  Git appRepo;
  Git fleetRepo;
  String appUrl;
  FleetHolder fleet;
  Watcher watcher;
  KafkaWatchStateStore store;

  @BeforeEach
  void repos() throws Exception {
    appRepo = Git.init().setDirectory(tmp.resolve("apps").toFile()).setInitialBranch("main").call();
    WatchStateRestartComponentTest.commit(appRepo, "web/cm.yaml", "kind: ConfigMap\n", "first");
    appUrl = appRepo.getRepository().getDirectory().toURI().toString();
    fleetRepo =
        Git.init().setDirectory(tmp.resolve("fleet").toFile()).setInitialBranch("main").call();
    fleetCommit("clusters/sim-1.yaml", cluster("sim-1", "prod"));
    fleetCommit("apps/web-" + id + ".yaml", app("web-" + id, "web", ""));
    fleet =
        new FleetHolder(
            fleetRepo.getRepository().getDirectory().toURI().toString(),
            "main",
            tmp.resolve("cache"),
            tmp.resolve("credentials"),
            java.time.Duration.ofSeconds(30));
    store = new KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    watcher = watcher(Ownership.EVERYTHING);
  }

  private Watcher watcher(Ownership ownership) {
    return TestWatchers.watcher(fleet, published::add, store, ownership, 1);
  }

  /** Owns every repository while {@code owns} says so; forwards and start-up go to the test. */
  private static Ownership ownership(
      java.util.function.BooleanSupplier owns,
      java.util.function.Consumer<String> forwarded,
      java.util.function.Consumer<Ownership.Listener> started) {
    return new Ownership() {
      @Override
      public boolean owns(String repoUrl) {
        return owns.getAsBoolean();
      }

      @Override
      public void forward(String repoUrl) {
        forwarded.accept(repoUrl);
      }

      @Override
      public void start(Listener listener) {
        started.accept(listener);
      }
    };
  }

  @AfterEach
  void close() {
    watcher.close();
    store.close();
    appRepo.close();
    fleetRepo.close();
  }

  @Test
  void fleetChangesShouldTakeEffectWithoutRestartAndBeAnnounced() throws Exception {
    String web = "web-" + id;
    String api = "api-" + id;
    assertThat(watcher.pollOnce()).isEqualTo(1);
    String head = appRepo.getRepository().resolve("refs/heads/main").name();
    String before = fleet.fleet().revision();

    // a new app and a new cluster; the existing app now also targets staging
    fleetCommit("apps/" + api + ".yaml", app(api, "web", ""));
    fleetCommit("clusters/sim-2.yaml", cluster("sim-2", "staging"));
    fleetCommit("apps/" + web + ".yaml", app(web, "web", "").replace("{env: prod}", "{}"));
    published.clear();

    watcher.pollOnce();

    FleetChanged changed = only(FleetChanged.class);
    assertThat(changed.previousRevision()).isEqualTo(before);
    assertThat(changed.revision()).isEqualTo(fleet.fleet().revision()).isNotEqualTo(before);
    assertThat(changed.appsAdded()).containsExactly(api);
    assertThat(changed.appsChanged()).containsExactly(web);
    assertThat(changed.clustersAdded()).containsExactly("sim-2");
    assertThat(changed.author().name()).isEqualTo("Alice Example");
    // the new app is a first sighting; the changed one is announced again, same commit, with why
    assertThat(published)
        .filteredOn(CommitDetected.class::isInstance)
        .map(CommitDetected.class::cast)
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .containsExactlyInAnyOrder(tuple(api, head, null), tuple(web, head, head));
    assertThat(published)
        .filteredOn(e -> e instanceof CommitDetected c && c.app().equals(web))
        .map(e -> ((CommitDetected) e).cause())
        .singleElement()
        .asString()
        .contains("fleet revision " + changed.revision());

    published.clear();
    assertThat(watcher.pollOnce()).as("nothing moved since").isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aFleetWebhookAddingAnAppShouldAnnounceItWithoutWaitingForThePoll() throws Exception {
    String api = "api-" + id;
    assertThat(watcher.pollOnce()).isEqualTo(1);
    String head = appRepo.getRepository().resolve("refs/heads/main").name();
    fleetCommit("apps/" + api + ".yaml", app(api, "web", ""));
    published.clear();

    watcher.checkNow(fleetRepo.getRepository().getDirectory().toURI().toString());

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(List.copyOf(published))
                    .filteredOn(CommitDetected.class::isInstance)
                    .map(CommitDetected.class::cast)
                    .extracting(CommitDetected::app, CommitDetected::sha)
                    .containsExactly(tuple(api, head)));
  }

  @Test
  void aWebhookWhoseRepositoryMovesToAnotherWatcherBeforeItsCheckRunsShouldBeForwardedToIt()
      throws Exception {
    watcher.close();
    // owned when the webhook comes; given to another instance (a rebalance) before its check runs
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    List<String> forwarded = java.util.Collections.synchronizedList(new ArrayList<>());
    watcher = watcher(ownership(() -> asked.getAndIncrement() == 0, forwarded::add, l -> {}));

    assertThat(watcher.checkNow(appUrl)).hasSize(1);

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(forwarded).containsExactly(appUrl));
    assertThat(asked.get()).as("asked at the webhook, then at the check").isEqualTo(2);
    assertThat(published).as("nothing announced by an instance that no longer owns it").isEmpty();
  }

  @Test
  void aFleetChangeBeforeTheAppsRepoIsGivenToThisWatcherShouldStillBeAnnouncedWithItsCause()
      throws Exception {
    // a watcher that owns nothing yet, as while its consumer group is still assigning shares
    watcher.close();
    java.util.concurrent.atomic.AtomicBoolean owns =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<Ownership.Listener> listener =
        new java.util.concurrent.atomic.AtomicReference<>();
    watcher = watcher(ownership(owns::get, url -> {}, listener::set));
    String web = "web-" + id;
    assertThat(watcher.pollOnce()).isZero();
    // the app now also goes to a new cluster; every watcher reads the fleet, owner or not
    fleetCommit("clusters/sim-2.yaml", cluster("sim-2", "staging"));
    String moved =
        fleetCommit("apps/" + web + ".yaml", app(web, "web", "").replace("{env: prod}", "{}"));
    assertThat(watcher.pollOnce()).isZero();
    assertThat(fleet.fleet().revision()).isEqualTo(moved);

    owns.set(true);
    listener.get().assigned(List.of(0));
    published.clear();
    assertThat(watcher.pollOnce()).isEqualTo(1);

    // its first announcement carries the cause, so the renderer reads the fleet that moved instead
    // of rendering with the one it last read (which did not send the app to sim-2)
    CommitDetected first = only(CommitDetected.class);
    assertThat(first.app()).isEqualTo(web);
    assertThat(first.previousSha()).isNull();
    assertThat(first.cause()).isEqualTo("fleet revision " + moved + " changed the app");
    published.clear();
    assertThat(watcher.pollOnce()).as("announced once").isZero();
  }

  @Test
  void invalidFleetShouldBeRefusedOnceAndThePreviousFleetStayInForce() throws Exception {
    watcher.pollOnce();
    String good = fleet.fleet().revision();
    String bad =
        fleetCommit(
            "apps/broken.yaml",
            app("broken", "web", "").replace("refType: branch", "refType: brnach"));
    published.clear();

    watcher.pollOnce();
    watcher.pollOnce();

    FleetRejected rejected = only(FleetRejected.class);
    assertThat(rejected.revision()).isEqualTo(bad);
    assertThat(rejected.revisionInForce()).isEqualTo(good);
    assertThat(rejected.problems())
        .containsExactly(
            new FleetRejected.Problem(
                "apps/broken.yaml",
                "spec.source.refType",
                "must be branch, tag, semver or commit, got 'brnach'"));
    assertThat(fleet.fleet().revision()).isEqualTo(good);
    assertThat(fleet.live().lastError()).isPresent();

    // fixed: the next revision is taken, compared with the one that was in force
    Files.delete(tmp.resolve("fleet/apps/broken.yaml"));
    String fixed = fleetCommit("apps/broken.yaml", app("broken", "web", ""));
    published.clear();
    watcher.pollOnce();
    FleetChanged changed = only(FleetChanged.class);
    assertThat(changed.previousRevision()).isEqualTo(good);
    assertThat(changed.revision()).isEqualTo(fixed);
    assertThat(changed.appsAdded()).containsExactly("broken");
    assertThat(fleet.live().lastError()).isEmpty();
  }

  @Test
  void commitsShouldCarryTheirSignatureCheckAndOnlyValidOnesBeDeployable() throws Exception {
    try (GpgKeys gpg = new GpgKeys()) {
      String alice = gpg.create("Alice Example <alice@example.com>");
      String mallory = gpg.create("Mallory <mallory@example.com>");
      String signed = "signed-" + id;
      fleetCommitFile("keys/alice.asc", gpg.armoredPublicKey(alice));
      fleetCommit(
          "apps/" + signed + ".yaml",
          app(signed, "signed", "  signatures: {required: true, keys: [keys/alice.asc]}\n"));
      Path worktree = appRepo.getRepository().getWorkTree().toPath();

      Files.createDirectories(worktree.resolve("signed"));
      Files.writeString(worktree.resolve("signed/cm.yaml"), "kind: ConfigMap\n# 1\n");
      String bySigner = gpg.signedCommit(worktree, alice, "signed by alice");
      watcher.pollOnce();
      Files.writeString(worktree.resolve("signed/cm.yaml"), "kind: ConfigMap\n# 2\n");
      String byStranger = gpg.signedCommit(worktree, mallory, "signed by mallory");
      watcher.pollOnce();
      String unsigned =
          WatchStateRestartComponentTest.commit(
              appRepo, "signed/cm.yaml", "kind: ConfigMap\n# 3\n", "unsigned");
      watcher.pollOnce();

      List<CommitDetected> events =
          published.stream()
              .filter(e -> e instanceof CommitDetected c && c.app().equals(signed))
              .map(CommitDetected.class::cast)
              .toList();
      assertThat(events)
          .extracting(
              CommitDetected::sha,
              c -> c.signature().status(),
              c -> c.signature().keyFingerprint(),
              CommitDetected::deployable)
          .containsExactly(
              tuple(bySigner, Signature.Status.VALID, alice, true),
              tuple(byStranger, Signature.Status.UNKNOWN_KEY, mallory, false),
              tuple(unsigned, Signature.Status.UNSIGNED, null, false));
      assertThat(events.get(0).signature().signer()).isEqualTo("Alice Example <alice@example.com>");
      // an app that does not require signatures still learns the outcome, and deploys anyway
      assertThat(published)
          .filteredOn(e -> e instanceof CommitDetected c && c.app().equals("web-" + id))
          .map(CommitDetected.class::cast)
          .allSatisfy(c -> assertThat(c.deployable()).isTrue());
    }
  }

  private <T> T only(Class<T> type) {
    List<T> found = published.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as("published %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private String fleetCommit(String path, String content) throws Exception {
    return WatchStateRestartComponentTest.commit(fleetRepo, path, content, "fleet: " + path);
  }

  private String fleetCommitFile(String path, String content) throws Exception {
    return fleetCommit(path, content);
  }

  private static String cluster(String name, String env) {
    return """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata: {name: %s, labels: {env: %s}}
        spec: {kubeconfig: {secretRef: %s.kubeconfig}}
        """
        .formatted(name, env, name);
  }

  private String app(String name, String path, String extraSpec) {
    return """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: %s}
        spec:
          source: {repoURL: '%s', ref: main, refType: branch, path: %s}
          destination: {namespace: web, clusterSelector: {matchLabels: {env: prod}}}
        %s"""
        .formatted(name, appUrl, path, extraSpec);
  }
}
