package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.e2e.faults.Clusters;
import io.flotilla.e2e.faults.EventLedger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Parts of the platform fail while a fleet syncs; after each fault every target cluster runs the
 * last commit, and at the end every event of the app is in the audit log exactly once in a chain
 * that verifies. The platform here owns its Kafka broker and PostgreSQL (their own ports and data),
 * so killing them touches no other test. Takes several minutes: run by {@code make test-faults}
 * (which sets {@code FLOTILLA_FAULTS=1}), not by {@code make test}. Prints the time each fault took
 * to recover from; docs/reliability.md holds the table.
 */
@EnabledIfEnvironmentVariable(named = "FLOTILLA_FAULTS", matches = "1")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String APP = "faults-" + RUN;
  static final List<String> TARGETS = List.of("sim-2", "sim-3", "sim-4");
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static final Duration CONVERGE = Duration.ofSeconds(180);
  static final int KAFKA_PORT = 29192;
  static final int PG_PORT = 29532;
  static final int STATS_PORT = 18490;
  static final Map<String, Duration> recovered = new LinkedHashMap<>();

  static Platform platform;
  static GitRepo apps;
  static GitRepo fleet;
  static EventLedger ledger;
  static Clusters clusters;
  static Path pgDir;
  static int replicas = 1;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    Path work = repoRoot.resolve("e2e/target/e2e-" + APP);
    Files.createDirectories(work);
    // PostgreSQL runs as `postgres` when we are root: its folder must be enterable
    pgDir = Files.createTempDirectory(Path.of("/tmp"), "flotilla-faults-pg.");
    pgDir.toFile().setExecutable(true, false);
    pgDir.toFile().setReadable(true, false);
    // kafka.sh keeps the broker's resolved classpath in the state dir (kept between runs) and its
    // data in kafka-<port> (removed: a fresh broker every run)
    Path state = repoRoot.resolve(".flotilla/faults");
    deleteRecursively(state.resolve("kafka-" + KAFKA_PORT));
    Files.createDirectories(state);
    String dbUrl = "postgresql://127.0.0.1:" + PG_PORT + "/flotilla_faults";
    apps = GitRepo.init(work.resolve("apps"));
    fleet = GitRepo.init(work.resolve("fleet"));
    fleet.commit(Samples.fleet(4, Map.of(APP, apps.url())), "fleet", ALICE);
    apps.commit(Samples.app(APP, replicas, "nginx:1.27"), "first release", ALICE);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_STATE_DIR", state.toString());
    env.put("FLOTILLA_PG_DIR", pgDir.toString());
    env.put("KAFKA_PORT", String.valueOf(KAFKA_PORT));
    env.put("KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_PORT + 1));
    env.put("KAFKA_START_TIMEOUT", "180");
    env.put("PGPORT_FLOTILLA", String.valueOf(PG_PORT));
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", dbUrl);
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.put("FLOTILLA_APPLIER_INSTANCES", "2");
    env.put("FLOTILLA_SIM_CLUSTERS", "4");
    env.putAll(Platform.ports(18480));
    env.put("FLOTILLA_SIM_STATS_PORT", String.valueOf(STATS_PORT));
    platform = Platform.up(repoRoot, env, System.out);
    ledger = new EventLedger("127.0.0.1:" + KAFKA_PORT, dbUrl);
    clusters = new Clusters(platform.credentialsDir(), STATS_PORT, System.out);
  }

  @AfterAll
  static void stopPlatform() {
    System.out.println("FaultsIT time to recover (fault over -> every target runs the commit):");
    recovered.forEach((k, v) -> System.out.printf("   %-40s %6.1f s%n", k, v.toMillis() / 1000.0));
    if (platform != null) {
      platform.close(); // stops the Kafka broker and PostgreSQL it started, too
    }
    if (pgDir != null) {
      try {
        deleteRecursively(pgDir);
      } catch (java.io.IOException e) {
        System.out.println("could not delete " + pgDir + ": " + e);
      }
    }
    if (apps != null) {
      apps.close();
      fleet.close();
    }
  }

  /** Commits a new replica count; returns it. */
  private static int commit(String message) {
    replicas++;
    apps.commit(Samples.app(APP, replicas, "nginx:1.27"), message, ALICE);
    return replicas;
  }

  @Test
  @Order(1)
  void firstReleaseShouldReachEveryTarget() {
    clusters.awaitReplicas(TARGETS, APP, replicas, CONVERGE);
  }

  @Test
  @Order(2)
  void clusterFailingFor60sShouldNotHoldBackTheOthersAndConvergeAfter() {
    clusters.fault("sim-2", "{\"failAlways\": 500}");
    int want = commit("while sim-2 fails");
    clusters.awaitReplicas(List.of("sim-3", "sim-4"), APP, want, CONVERGE);
    assertThat(clusters.replicas("sim-2", APP)).isNotEqualTo(want);
    Clusters.sleep(Duration.ofSeconds(20));
    clusters.fault("sim-2", "{\"throttle\": 2}");
    Clusters.sleep(Duration.ofSeconds(20));
    clusters.heal("sim-2"); // then only slow: every answer 60 s late, past the client's timeout
    clusters.fault("sim-2", "{\"latencyMs\": 60000}");
    Clusters.sleep(Duration.ofSeconds(20));
    clusters.heal("sim-2");
    recovered.put(
        "sim-2 500/429/timeouts for 60 s", clusters.awaitReplicas(TARGETS, APP, want, CONVERGE));
  }

  @Test
  @Order(3)
  void unreachableClusterShouldBeRetriedAndConvergeWhenBack() {
    clusters.fault("sim-3", "{\"down\": true}");
    int want = commit("while sim-3 is unreachable");
    clusters.awaitReplicas(List.of("sim-2", "sim-4"), APP, want, CONVERGE);
    Clusters.sleep(Duration.ofSeconds(30));
    clusters.heal("sim-3");
    recovered.put(
        "sim-3 unreachable for 30 s", clusters.awaitReplicas(TARGETS, APP, want, CONVERGE));
  }

  @Test
  @Order(4)
  void applierInstanceKilledMidSyncShouldBeTakenOverByTheOther() {
    slowTargets();
    int want = commit("an applier dies during this sync");
    int victim = awaitSyncInFlight(); // the instance with a sync admitted and not finished
    String name = victim == 1 ? "applier" : "applier-" + victim;
    platform.stop(name, true);
    assertMidSync(want, name + " SIGKILLed");
    healTargets();
    recovered.put(
        "an applier SIGKILLed mid sync", clusters.awaitReplicas(TARGETS, APP, want, CONVERGE));
    platform.start(name);
  }

  @Test
  @Order(5)
  void rendererKilledMidRenderShouldRenderAgainAfterRestart() {
    int want = commit("the renderer dies during this render");
    Clusters.sleep(Duration.ofMillis(1200));
    platform.stop("renderer", true);
    platform.start("renderer");
    recovered.put(
        "renderer SIGKILLed, restarted", clusters.awaitReplicas(TARGETS, APP, want, CONVERGE));
  }

  @Test
  @Order(6)
  void brokerKilledMidSyncShouldLoseNothing() {
    slowTargets();
    int want = commit("the broker dies during this sync");
    awaitSyncInFlight();
    platform.stop("kafka", true);
    assertMidSync(want, "the broker SIGKILLed");
    Clusters.sleep(Duration.ofSeconds(5));
    platform.start("kafka");
    healTargets();
    recovered.put(
        "Kafka SIGKILLed mid sync, restarted",
        clusters.awaitReplicas(TARGETS, APP, want, CONVERGE));
  }

  @Test
  @Order(7)
  void postgresStopped30sShouldMakeTheAuditorUnhealthyThenCatchUp() {
    int want = commit("the audit database is away during this sync");
    platform.stop("postgres", false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(platform.auditorUrl() + "/q/health/ready") != 200);
    clusters.awaitReplicas(TARGETS, APP, want, CONVERGE);
    Clusters.sleep(Duration.ofSeconds(30));
    Instant back = Instant.now();
    platform.start("postgres");
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> status(platform.auditorUrl() + "/q/health/ready") == 200);
    recovered.put("PostgreSQL stopped 30 s (auditor ready)", Duration.between(back, Instant.now()));
  }

  @Test
  @Order(8)
  void everyEventShouldBeAuditedExactlyOnceInAVerifiedChain() throws Exception {
    Instant start = Instant.now();
    Set<String> onTopics = ledger.eventIdsOnTopics(APP);
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(() -> assertThat(ledger.rowsPerEventId(APP).keySet()).containsAll(onTopics));
    recovered.put("audit caught up (after all faults)", Duration.between(start, Instant.now()));
    Map<String, Integer> rows = ledger.rowsPerEventId(APP);
    assertThat(rows.values()).as("rows per event id").allMatch(n -> n == 1);
    // An event published after the first read of the topics may be audited by now: compare the
    // rows with the topics as they are after the rows were read.
    List<String> extra = new ArrayList<>(rows.keySet());
    extra.removeAll(ledger.eventIdsOnTopics(APP));
    assertThat(extra).as("audited events found on no topic").isEmpty();
    var verify = Http.get(platform.auditorUrl() + "/api/v1/audit/verify", platform.apiToken());
    assertThat(verify.path("verified").asBoolean()).as("verify: %s", verify).isTrue();
    System.out.println(
        "   " + onTopics.size() + " distinct events of " + APP + ", each audited once");
  }

  /**
   * Every target answers each request 400 ms late, so a sync of the app takes seconds (reads, then
   * the write): a kill made while an applier has a sync in flight lands inside it.
   */
  private static void slowTargets() {
    TARGETS.forEach(c -> clusters.fault(c, "{\"latencyMs\": 400}"));
  }

  private static void healTargets() {
    TARGETS.forEach(clusters::heal);
  }

  /**
   * Waits until an applier instance has a sync admitted and not finished ({@code
   * flotilla_sync_queued} above 0 on its {@code /q/metrics}); returns that instance (1 or 2).
   */
  private static int awaitSyncInFlight() {
    int[] found = {0};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              for (int i = 1; i <= 2; i++) {
                if (queued(platform.applierUrl(i)) > 0) {
                  found[0] = i;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  /**
   * The fault really landed inside the sync: right after it, not every target runs the commit yet
   * (each sync needs seconds of slowed reads before its write).
   */
  private static void assertMidSync(int want, String what) {
    Map<String, Integer> atKill = new LinkedHashMap<>();
    TARGETS.forEach(c -> atKill.put(c, clusters.replicas(c, APP)));
    System.out.println(
        "   " + what + "; replicas on the targets then: " + atKill + ", commit sets " + want);
    assertThat(atKill.values()).as("targets right after: %s", what).anyMatch(r -> r != want);
  }

  /** {@code flotilla_sync_queued} of the applier at {@code url}; -1 when it does not answer. */
  private static double queued(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.body()
          .lines()
          .filter(l -> l.startsWith("flotilla_sync_queued"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static int status(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
