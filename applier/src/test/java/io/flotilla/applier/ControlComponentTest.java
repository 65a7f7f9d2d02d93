package io.flotilla.applier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.events.DesiredState;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Emergency stop, requested sync and rollback through {@code POST /api/v1/control/*}, against the
 * real broker and fleet-sim: the API publishes to {@code flotilla.control}, the applier reads it
 * back like any other instance would.
 */
@QuarkusTest
@QuarkusTestResource(value = ApplierTestEnvironment.class, restrictToAnnotatedClass = true)
class ControlComponentTest {
  private static final String AUTH = "Bearer " + ApplierTestEnvironment.TOKEN;

  @InjectFleetSim FleetSim fleet;

  private KafkaProducer<String, String> producer;
  private KafkaTestClients.TopicTail results;
  private KafkaTestClients.TopicTail control;

  @BeforeEach
  void clients() {
    producer = KafkaTestClients.producer();
    results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS);
    control = new KafkaTestClients.TopicTail(Topics.CONTROL);
  }

  @AfterEach
  void closeClients() {
    post("resume", "{\"all\": true, \"reason\": \"test cleanup\"}").then().statusCode(202);
    producer.close();
    results.close();
    control.close();
  }

  @Test
  void shouldRefuseRequestsWithoutAValidTokenOrWithABadBody() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"all\": true, \"reason\": \"x\"}")
        .post("/api/v1/control/pause")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
    given()
        .header("Authorization", "Bearer not-a-known-token-000000")
        .contentType(ContentType.JSON)
        .body("{\"all\": true, \"reason\": \"x\"}")
        .post("/api/v1/control/pause")
        .then()
        .statusCode(401);
    post("pause", "{\"all\": true}")
        .then()
        .statusCode(400)
        .body("error", equalTo("bad_request"))
        .body("message", containsString("'reason' is required"));
    post("pause", "{not json").then().statusCode(400).body("message", containsString("not JSON"));
    post("pause", "{\"reason\": \"x\"}")
        .then()
        .statusCode(400)
        .body("message", equalTo("name an 'app', a 'cluster', or set 'all'"));
    post("pause", "{\"app\": \"nope\", \"reason\": \"x\"}")
        .then()
        .statusCode(400)
        .body("message", equalTo("no application 'nope' in the fleet"));
    post("rollback", "{\"app\": \"probe\", \"toRevision\": \"HEAD~1\", \"reason\": \"x\"}")
        .then()
        .statusCode(400)
        .body("message", containsString("full 40-character commit SHA"));
    post("explode", "{\"reason\": \"x\"}").then().statusCode(404);
  }

  @Test
  void shouldHoldDesiredStatesWhilePausedAndApplyTheLatestOnResume() throws Exception {
    String rev1 = revision();
    String rev2 = revision();
    post("pause", "{\"app\": \"probe\", \"cluster\": \"sim-3\", \"reason\": \"incident 42\"}")
        .then()
        .statusCode(202)
        .body("requestedBy", equalTo("alice@example.com"));
    ConsumerRecord<String, String> published = control.take(r -> r.value().contains("incident 42"));
    assertThat(published.key()).isEqualTo("sim-3/probe");
    assertThat(published.partition()).as("one partition: one order for every instance").isZero();
    awaitSyncState("sim-3", "Paused");

    send(probe("sim-3", rev1, "one"));
    send(probe("sim-3", rev2, "two"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/apps/probe")
                    .then()
                    .body("clusters.find { it.cluster == 'sim-3' }.desiredRevision", equalTo(rev2))
                    .body(
                        "clusters.find { it.cluster == 'sim-3' }.paused",
                        equalTo("paused by alice@example.com: incident 42")));
    try (KubernetesClient sim3 = fleet.cluster("sim-3").newClient()) {
      assertThat(sim3.configMaps().inNamespace("probe").withName("probe").get()).isNull();
    }

    post("resume", "{\"app\": \"probe\", \"reason\": \"incident over\"}").then().statusCode(202);

    SyncCompleted applied = result("sim-3", rev2);
    assertThat(applied.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(data("sim-3")).isEqualTo(Map.of("value", "two"));
    assertThat(results.drain())
        .as("the superseded desired state is never applied")
        .noneMatch(
            r ->
                KafkaTestClients.event(r, SyncCompleted.class)
                    .filter(d -> d.revision().equals(rev1))
                    .isPresent());
    awaitSyncState("sim-3", "Synced");
  }

  @Test
  void shouldReapplyOnRequestAndRollBackThenHoldNewerRevisionsUntilResumed() throws Exception {
    String good = revision();
    String bad = revision();
    String next = revision();
    send(probe("sim-2", good, "good"));
    assertThat(result("sim-2", good).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    send(probe("sim-2", bad, "bad"));
    assertThat(result("sim-2", bad).status()).isEqualTo(SyncCompleted.Status.SYNCED);

    try (KubernetesClient sim2 = fleet.cluster("sim-2").newClient()) {
      sim2.configMaps().inNamespace("probe").withName("probe").delete();
    }
    post("sync", "{\"app\": \"probe\", \"cluster\": \"sim-2\", \"reason\": \"someone deleted it\"}")
        .then()
        .statusCode(202);
    SyncCompleted resynced = result("sim-2", bad);
    assertThat(resynced.resources())
        .filteredOn(r -> r.kind().equals("ConfigMap") && r.name().equals("probe"))
        .extracting(ResourceResult::outcome)
        .containsExactly(Outcome.CREATED);

    post(
            "rollback",
            "{\"app\": \"probe\", \"cluster\": \"sim-2\", \"toRevision\": \""
                + good
                + "\", \"reason\": \"bad config\"}")
        .then()
        .statusCode(202);
    assertThat(result("sim-2", good).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(data("sim-2")).isEqualTo(Map.of("value", "good"));
    awaitSyncState("sim-2", "Paused");

    send(probe("sim-2", next, "next"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/apps/probe")
                    .then()
                    .body(
                        "clusters.find { it.cluster == 'sim-2' }.desiredRevision", equalTo(next)));
    assertThat(data("sim-2")).as("the rollback holds").isEqualTo(Map.of("value", "good"));

    post("resume", "{\"app\": \"probe\", \"cluster\": \"sim-2\", \"reason\": \"fixed\"}")
        .then()
        .statusCode(202);
    assertThat(result("sim-2", next).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(data("sim-2")).isEqualTo(Map.of("value", "next"));
  }

  @Test
  void shouldRollBackAutomaticallyWhenTheBrokenImageNeverBecomesReady() throws Exception {
    String good = revision();
    String bad = revision();
    send(canary("sim-3", good, "nginx:1.27"));
    assertThat(result("sim-3", good).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    HealthChanged healthy = health("sim-3", good, HealthChanged.Status.HEALTHY);
    assertThat(healthy.timedOut()).isFalse();

    send(canary("sim-3", bad, "nginx:broken"));
    assertThat(result("sim-3", bad).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    HealthChanged settled =
        KafkaTestClients.event(
                results.take(
                    r ->
                        KafkaTestClients.event(r, HealthChanged.class)
                            .filter(h -> h.revision().equals(bad) && h.timedOut())
                            .isPresent()),
                HealthChanged.class)
            .orElseThrow();
    assertThat(settled.status())
        .isIn(HealthChanged.Status.DEGRADED, HealthChanged.Status.PROGRESSING);
    assertThat(settled.message()).startsWith("Deployment canary/web: ");

    RollbackRequested rollback =
        KafkaTestClients.event(
                control.take(
                    r ->
                        KafkaTestClients.event(r, RollbackRequested.class)
                            .filter(e -> e.app().equals("canary"))
                            .isPresent()),
                RollbackRequested.class)
            .orElseThrow();
    assertThat(rollback.automatic()).isTrue();
    assertThat(rollback.cluster()).isEqualTo("sim-3");
    assertThat(rollback.toRevision()).isEqualTo(good);
    assertThat(rollback.requestedBy()).isEqualTo("flotilla/applier");
    assertThat(rollback.reason()).contains(bad).contains("last healthy revision " + good);

    assertThat(result("sim-3", good).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    try (KubernetesClient sim3 = fleet.cluster("sim-3").newClient()) {
      assertThat(
              sim3.apps()
                  .deployments()
                  .inNamespace("canary")
                  .withName("web")
                  .get()
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getImage())
          .isEqualTo("nginx:1.27");
    }
    health("sim-3", good, HealthChanged.Status.HEALTHY);
    given()
        .get("/api/v1/apps/canary")
        .then()
        .body("clusters.find { it.cluster == 'sim-3' }.syncState", equalTo("Paused"))
        .body(
            "clusters.find { it.cluster == 'sim-3' }.paused",
            containsString(
                "rolled back to " + good + ", automated sync suspended by flotilla/applier"));
  }

  private HealthChanged health(String cluster, String revision, HealthChanged.Status status) {
    return KafkaTestClients.event(
            results.take(
                r ->
                    KafkaTestClients.event(r, HealthChanged.class)
                        .filter(
                            h ->
                                h.cluster().equals(cluster)
                                    && h.revision().equals(revision)
                                    && h.status() == status)
                        .isPresent()),
            HealthChanged.class)
        .orElseThrow();
  }

  static DesiredState canary(String cluster, String revision, String image) {
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("apiVersion", "apps/v1");
    deployment.put("kind", "Deployment");
    deployment.put("metadata", Map.of("name", "web"));
    deployment.put(
        "spec",
        Map.of(
            "replicas",
            1,
            "selector",
            Map.of("matchLabels", Map.of("app", "web")),
            "template",
            Map.of(
                "metadata",
                Map.of("labels", Map.of("app", "web")),
                "spec",
                Map.of("containers", List.of(Map.of("name", "web", "image", image))))));
    return new DesiredState(
        "canary",
        cluster,
        revision,
        "canary",
        List.of(deployment),
        io.flotilla.events.EventCodec.sha256(revision + image),
        null);
  }

  private static io.restassured.response.Response post(String action, String body) {
    return given()
        .header("Authorization", AUTH)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/control/" + action);
  }

  private static void awaitSyncState(String cluster, String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/apps/probe")
                    .then()
                    .body(
                        "clusters.find { it.cluster == '" + cluster + "' }.syncState",
                        equalTo(state)));
  }

  private Map<String, String> data(String cluster) {
    try (KubernetesClient client = fleet.cluster(cluster).newClient()) {
      return client.configMaps().inNamespace("probe").withName("probe").get().getData();
    }
  }

  private void send(DesiredState desired) throws Exception {
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        desired.cluster() + "/" + desired.app(),
        KafkaTestClients.envelope(desired));
  }

  private SyncCompleted result(String cluster, String revision) {
    return KafkaTestClients.data(
        results.take(
            r ->
                KafkaTestClients.event(r, SyncCompleted.class)
                    .filter(d -> d.cluster().equals(cluster) && d.revision().equals(revision))
                    .isPresent()));
  }

  static DesiredState probe(String cluster, String revision, String value) {
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.put("metadata", Map.of("name", "probe"));
    cm.put("data", Map.of("value", value));
    Map<String, Object> ns = new LinkedHashMap<>();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.put("metadata", Map.of("name", "probe"));
    return new DesiredState(
        "probe",
        cluster,
        revision,
        "probe",
        List.of(ns, cm),
        io.flotilla.events.EventCodec.sha256(revision + value),
        null);
  }

  static String revision() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
