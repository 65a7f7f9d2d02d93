package io.flotilla.applier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.events.DesiredState;
import io.flotilla.events.DriftCorrected;
import io.flotilla.events.DriftDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Person;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The applier against a real Kafka broker and three fleet-sim clusters: DesiredState records in,
 * server-side applies to the simulated API servers, SyncCompleted records out, REST and health.
 */
@QuarkusTest
@QuarkusTestResource(value = ApplierTestEnvironment.class, restrictToAnnotatedClass = true)
class ApplierComponentTest {
  private static final Map<String, String> MANAGED =
      Map.of("app.kubernetes.io/managed-by", "flotilla", "flotilla.io/app", "guestbook");

  @InjectFleetSim FleetSim fleet;
  @InjectFleetSim ApplierTestEnvironment.FleetRepo fleetRepo;

  private KafkaProducer<String, String> producer;
  private KafkaTestClients.TopicTail results;

  @BeforeEach
  void clients() {
    producer = KafkaTestClients.producer();
    results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS);
  }

  @AfterEach
  void closeClients() {
    producer.close();
    results.close();
  }

  @Test
  void shouldApplyThenSkipWhatMatchesThenConfigureOnlyTheChange() throws Exception {
    long sim1Before = fleet.cluster("sim-1").counts().writes();
    double writesBefore = metric("flotilla_apply_writes_total{cluster=\"sim-2\"}");
    double syncsBefore = metric("flotilla_sync_seconds_count{cluster=\"sim-2\"}");
    String rev1 = revision();
    String rev2 = revision();
    DesiredState first = guestbook("sim-2", rev1, 2);
    String firstRecord = KafkaTestClients.envelope(first);

    KafkaTestClients.send(producer, Topics.DESIRED, "sim-2/guestbook", firstRecord);
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        "sim-3/guestbook",
        KafkaTestClients.envelope(guestbook("sim-3", rev1, 2)));

    SyncCompleted created = result("sim-2", rev1);
    assertThat(created.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(created.resources())
        .extracting(ResourceResult::display, ResourceResult::outcome)
        .containsExactly(
            tuple("Namespace guestbook", Outcome.CREATED),
            tuple("ConfigMap guestbook/settings", Outcome.CREATED),
            tuple("Service guestbook/web", Outcome.CREATED),
            tuple("Deployment guestbook/web", Outcome.CREATED));
    assertThat(created.writes()).as("4 objects and the inventory").isEqualTo(5);
    assertThat(result("sim-3", rev1).status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertObjectsOnSim2(2);

    long sim2Writes = fleet.cluster("sim-2").counts().writes();
    KafkaTestClients.send(producer, Topics.DESIRED, "sim-2/guestbook", firstRecord);
    SyncCompleted again = result("sim-2", rev1);
    assertThat(again.resources())
        .extracting(ResourceResult::outcome)
        .containsOnly(Outcome.UNCHANGED);
    assertThat(again.writes()).isZero();
    assertThat(fleet.cluster("sim-2").counts().writes()).isEqualTo(sim2Writes);

    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        "sim-2/guestbook",
        KafkaTestClients.envelope(guestbook("sim-2", rev2, 3)));
    SyncCompleted changed = result("sim-2", rev2);
    assertThat(changed.resources())
        .extracting(ResourceResult::display, ResourceResult::outcome)
        .containsExactly(
            tuple("Namespace guestbook", Outcome.UNCHANGED),
            tuple("ConfigMap guestbook/settings", Outcome.UNCHANGED),
            tuple("Service guestbook/web", Outcome.UNCHANGED),
            tuple("Deployment guestbook/web", Outcome.CONFIGURED));
    assertThat(changed.writes()).isEqualTo(1);
    assertThat(fleet.cluster("sim-2").counts().writes()).isEqualTo(sim2Writes + 1);
    assertObjectsOnSim2(3);

    assertThat(fleet.cluster("sim-1").counts().writes()).isEqualTo(sim1Before);

    JsonPath app =
        given().get("/api/v1/apps/guestbook").then().statusCode(200).extract().jsonPath();
    assertThat(app.getString("app")).isEqualTo("guestbook");
    assertThat(app.getList("clusters.cluster")).containsExactly("lab-1", "lab-2", "sim-2", "sim-3");
    assertThat(app.getString("clusters.find { it.cluster == 'sim-2' }.appliedRevision"))
        .isEqualTo(rev2);
    assertThat(app.getString("clusters.find { it.cluster == 'sim-2' }.syncState"))
        .isEqualTo("Synced");
    assertThat(app.getList("clusters.find { it.cluster == 'sim-2' }.resources.outcome"))
        .containsExactly("unchanged", "unchanged", "unchanged", "configured");
    assertThat(app.getString("clusters.find { it.cluster == 'sim-3' }.appliedRevision"))
        .isEqualTo(rev1);
    given().get("/api/v1/apps").then().statusCode(200).body("app", hasItem("guestbook"));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metric("flotilla_apply_writes_total{cluster=\"sim-2\"}") - writesBefore)
        .isEqualTo(6.0);
    assertThat(metric("flotilla_sync_seconds_count{cluster=\"sim-2\"}") - syncsBefore)
        .isEqualTo(3.0);
    assertThat(metrics)
        .contains(
            "flotilla_events_consumed_total{topic=\"flotilla.desired\",type=\"io.flotilla.desiredstate.rendered.v1\"}")
        .contains(
            "flotilla_events_produced_total{topic=\"flotilla.sync-results\",type=\"io.flotilla.sync.completed.v1\"}")
        .contains("flotilla_processing_seconds_count");
  }

  @Test
  void shouldAnswer404AsJsonForAnAppNotInTheFleet() {
    given()
        .get("/api/v1/apps/nope")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"))
        .body("message", equalTo("no application 'nope' in the fleet"));
  }

  @Test
  void shouldDeadLetterAnUnreadableRecordAndGoOnWithThePartition() throws Exception {
    try (KafkaTestClients.TopicTail deadLetters =
        new KafkaTestClients.TopicTail(Topics.DEAD_LETTER)) {
      String rev = revision();
      KafkaTestClients.send(producer, Topics.DESIRED, "sim-3/probe", "{not json");
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-3/probe",
          KafkaTestClients.envelope(
              new DesiredState(
                  "probe",
                  "sim-3",
                  rev,
                  "probe",
                  List.of(object("v1", "ConfigMap", "probe", Map.of("data", Map.of("k", "v")))),
                  hash(rev),
                  null)));

      ConsumerRecord<String, String> dead = deadLetters.waitFor(r -> "{not json".equals(r.value()));
      assertThat(dead.key()).isEqualTo("sim-3/probe");
      assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value()))
          .contains("not JSON");
      SyncCompleted after = result("sim-3", rev);
      assertThat(after.resources())
          .extracting(ResourceResult::outcome)
          .containsExactly(Outcome.CREATED);
    }
  }

  @Test
  void shouldReportEachClusterInHealthWithoutCredentialsAndStayReady() {
    // Ready once flotilla.sync-results is replayed and the instance is in the applier group
    // (moments after start-up in this test).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(
                        "checks.find { it.name == 'sync-results replayed' }.status", equalTo("UP"))
                    .body(
                        "checks.find { it.name == 'applier group joined' }.status", equalTo("UP")));
    String body =
        given()
            .get("/q/health/well")
            .then()
            .statusCode(503) // lab-1 and lab-2 cannot be used
            .body("checks.find { it.name == 'cluster:sim-2' }.status", equalTo("UP"))
            .body(
                "checks.find { it.name == 'cluster:sim-2' }.data.server",
                equalTo(fleet.cluster("sim-2").url()))
            .body("checks.find { it.name == 'cluster:lab-1' }.status", equalTo("DOWN"))
            .body(
                "checks.find { it.name == 'cluster:lab-1' }.data.reason",
                containsString("cannot read credential 'lab-1.kubeconfig'"))
            .body("checks.find { it.name == 'cluster:lab-2' }.status", equalTo("DOWN"))
            .body(
                "checks.find { it.name == 'cluster:lab-2' }.data.reason",
                startsWith("kubeconfig 'lab-2.kubeconfig' cannot be used"))
            .extract()
            .asString();
    assertThat(body).doesNotContain(ApplierTestEnvironment.SECRET);
  }

  @Test
  void shouldReportEverySyncToAnUnusableClusterAsFailedAndKeepServing() throws Exception {
    String rev = revision();
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        "lab-2/guestbook",
        KafkaTestClients.envelope(guestbook("lab-2", rev, 1)));

    ConsumerRecord<String, String> record =
        results.take(
            r ->
                KafkaTestClients.event(r, SyncCompleted.class)
                    .filter(d -> d.revision().equals(rev))
                    .isPresent());
    SyncCompleted failed = KafkaTestClients.data(record);

    assertThat(failed.status()).isEqualTo(SyncCompleted.Status.FAILED);
    assertThat(failed.writes()).isZero();
    assertThat(failed.resources())
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(r.message()).startsWith("cluster 'lab-2' is unavailable: kubeconfig");
            });
    assertThat(record.value()).doesNotContain(ApplierTestEnvironment.SECRET);
  }

  @Test
  void shouldDeadLetterDesiredStateForAClusterTheFleetDoesNotTarget() throws Exception {
    String stale = revision();
    String next = revision();
    long sim1Writes = fleet.cluster("sim-1").counts().writes();
    try (KafkaTestClients.TopicTail deadLetters =
        new KafkaTestClients.TopicTail(Topics.DEAD_LETTER)) {
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-1/guestbook",
          KafkaTestClients.envelope(guestbook("sim-1", stale, 1)));
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-1/probe",
          KafkaTestClients.envelope(
              new DesiredState(
                  "probe",
                  "sim-1",
                  next,
                  "probe",
                  List.of(object("v1", "ConfigMap", "probe", Map.of("data", Map.of("k", "v")))),
                  "c".repeat(64),
                  null)));

      // sim-1 (env=staging) is targeted by neither app: both records are dead-lettered with the
      // reason (the auditor records dead letters), neither is applied
      for (String app : List.of("guestbook", "probe")) {
        ConsumerRecord<String, String> dead =
            deadLetters.waitFor(r -> ("sim-1/" + app).equals(r.key()));
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value()))
            .contains("does not target cluster 'sim-1' with app '" + app + "'");
      }
    }
    given().get("/q/metrics").then().body(containsString("flotilla_desired_ignored_total 2.0"));
    assertThat(fleet.cluster("sim-1").counts().writes()).isEqualTo(sim1Writes);
    assertThat(results.drain())
        .noneMatch(
            r ->
                KafkaTestClients.event(r, SyncCompleted.class)
                    .filter(d -> Set.of(stale, next).contains(d.revision()))
                    .isPresent());
  }

  @Test
  void shouldDeadLetterDesiredStateThatWritesIntoAnotherAppsNamespace() throws Exception {
    String rev = revision();
    long sim3Writes = fleet.cluster("sim-3").counts().writes();
    Map<String, Object> intruder = object("v1", "ConfigMap", "intruder", Map.of());
    intruder.put("metadata", Map.of("name", "intruder", "namespace", "guestbook"));
    try (KafkaTestClients.TopicTail deadLetters =
        new KafkaTestClients.TopicTail(Topics.DEAD_LETTER)) {
      // Written to Kafka by something other than the renderer, which refuses such bundles
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-3/probe",
          KafkaTestClients.envelope(
              new DesiredState(
                  "probe", "sim-3", rev, "probe", List.of(intruder), hash(rev), null)));

      ConsumerRecord<String, String> dead =
          deadLetters.waitFor(r -> "sim-3/probe".equals(r.key()) && r.value().contains(rev));
      assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value()))
          .contains("ConfigMap 'intruder' in namespace 'guestbook' is refused")
          .contains("destination namespace of application 'guestbook'");
    }
    assertThat(fleet.cluster("sim-3").counts().writes()).isEqualTo(sim3Writes);
  }

  @Test
  void shouldSyncAClusterAddedToTheFleetRepoWithoutARestart() throws Exception {
    fleetRepo.commit(
        "clusters/sim-4.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata:
          name: sim-4
          labels: {env: edge}
        spec:
          kubeconfig:
            secretRef: sim-4.kubeconfig
        """,
        "fleet: add sim-4");
    fleetRepo.commit(
        "apps/edge.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: edge
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            path: edge
          destination:
            namespace: edge
            clusterSelector: {matchLabels: {env: edge}}
        """,
        "fleet: app edge on env=edge");
    String rev = revision();
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        "sim-4/edge",
        KafkaTestClients.envelope(
            new DesiredState(
                "edge",
                "sim-4",
                rev,
                "edge",
                List.of(object("v1", "ConfigMap", "edge", Map.of("data", Map.of("k", "v")))),
                hash(rev),
                null)));

    SyncCompleted done = result("sim-4", rev);
    assertThat(done.status()).as(done.toString()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(done.resources())
        .extracting(ResourceResult::outcome)
        .containsExactly(Outcome.CREATED);
    try (KubernetesClient sim4 = fleet.cluster("sim-4").newClient()) {
      assertThat(sim4.configMaps().inNamespace("edge").withName("edge").get().getData())
          .isEqualTo(Map.of("k", "v"));
    }
    given()
        .get("/api/v1/apps/edge")
        .then()
        .statusCode(200)
        .body("clusters.cluster", equalTo(List.of("sim-4")))
        .body("clusters[0].appliedRevision", equalTo(rev));
    given()
        .get("/q/health/well")
        .then()
        .body("checks.find { it.name == 'cluster:sim-4' }.status", equalTo("UP"));
  }

  @Test
  void shouldFinishHealthyClustersWhileOneFailsAndOneIsSlowThenRetryTheFailedOne()
      throws Exception {
    String rev = revision();
    fleet.cluster("sim-2").faults().failAlways(500);
    fleet.cluster("sim-3").faults().latencyMs(1500);
    try {
      for (String cluster : List.of("sim-3", "sim-2", "sim-1")) {
        KafkaTestClients.send(
            producer,
            Topics.DESIRED,
            cluster + "/spread",
            KafkaTestClients.envelope(spread(cluster, rev)));
      }

      SyncCompleted healthy = result("sim-1", rev);
      SyncCompleted failing = result("sim-2", rev);
      SyncCompleted slow = result("sim-3", rev);

      assertThat(healthy.status()).isEqualTo(SyncCompleted.Status.SYNCED);
      assertThat(slow.status()).isEqualTo(SyncCompleted.Status.SYNCED);
      assertThat(healthy.finishedAt()).isBefore(slow.finishedAt());
      assertThat(failing.status()).isEqualTo(SyncCompleted.Status.FAILED);
      assertThat(failing.writes()).isZero();
      assertThat(failing.resources())
          .allSatisfy(
              r ->
                  assertThat(r.message())
                      .startsWith("cannot list ConfigMap in namespace spread: HTTP 500: ")
                      .as("the inventory and the Namespace list, 3 attempts each")
                      .endsWith("(after 3 attempts)"));
      String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
      assertThat(metrics.lines().filter(l -> l.startsWith("flotilla_cluster_requests")).toList())
          .asString()
          .contains(
              "flotilla_cluster_requests_total{cluster=\"sim-2\",status=\"500\",verb=\"list\"}");

      // Once the cluster answers again, the failed sync is retried (FLOTILLA_APPLY_RETRY_BASE is
      // 1 s here) and converges without a new commit; failed retries before that are reported too
      fleet.cluster("sim-2").faults().clear();
      SyncCompleted retried = result("sim-2", rev);
      for (int i = 0; i < 20 && retried.status() != SyncCompleted.Status.SYNCED; i++) {
        retried = result("sim-2", rev);
      }
      assertThat(retried.status()).isEqualTo(SyncCompleted.Status.SYNCED);
      assertThat(retried.resources()).extracting(ResourceResult::outcome).contains(Outcome.CREATED);
    } finally {
      fleet.cluster("sim-2").faults().clear();
      fleet.cluster("sim-3").faults().clear();
    }
  }

  @Test
  void shouldWaitOutA429AndSync() throws Exception {
    String rev = revision();
    double throttledBefore = throttled("sim-1");
    fleet.cluster("sim-1").faults().throttleNext(2, 1);

    KafkaTestClients.send(
        producer, Topics.DESIRED, "sim-1/spread", KafkaTestClients.envelope(spread("sim-1", rev)));

    SyncCompleted done = result("sim-1", rev);
    assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(throttled("sim-1") - throttledBefore)
        .as("both 429 answers were counted, then retried")
        .isEqualTo(2.0);
  }

  /** The 429 answers of {@code cluster} counted so far, over every verb. */
  private static double throttled(String cluster) {
    String prefix = "flotilla_cluster_requests_total{cluster=\"" + cluster + "\",status=\"429\",";
    return given()
        .get("/q/metrics")
        .then()
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void shouldReportDriftWithoutTouchingAnAppThatDoesNotSelfHeal() throws Exception {
    try (KafkaTestClients.TopicTail drift = new KafkaTestClients.TopicTail(Topics.DRIFT);
        KubernetesClient sim1 = fleet.cluster("sim-1").newClient()) {
      String rev = revision();
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-1/drifty",
          KafkaTestClients.envelope(
              new DesiredState(
                  "drifty",
                  "sim-1",
                  rev,
                  "drifty",
                  List.of(
                      object("v1", "ConfigMap", "settings", Map.of("data", Map.of("v", "one")))),
                  hash(rev),
                  null)));
      assertThat(result("sim-1", rev).status()).isEqualTo(SyncCompleted.Status.SYNCED);

      sim1.configMaps()
          .inNamespace("drifty")
          .withName("settings")
          .edit(
              cm -> {
                cm.setData(Map.of("v", "hacked"));
                return cm;
              });

      DriftDetected detected =
          KafkaTestClients.event(
                  drift.take(r -> r.key().equals("sim-1/drifty")), DriftDetected.class)
              .orElseThrow();
      assertThat(detected.revision()).isEqualTo(rev);
      assertThat(detected.selfHeal()).isFalse();
      assertThat(detected.objects())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.name()).isEqualTo("settings");
                assertThat(o.fields())
                    .containsExactly(new DriftDetected.FieldDrift("data.v", "one", "hacked"));
              });
      assertThat(sim1.configMaps().inNamespace("drifty").withName("settings").get().getData())
          .isEqualTo(Map.of("v", "hacked"));
    }
  }

  @Test
  void shouldSelfHealDriftAndNeverShowSecretData() throws Exception {
    try (KafkaTestClients.TopicTail drift = new KafkaTestClients.TopicTail(Topics.DRIFT);
        KubernetesClient sim1 = fleet.cluster("sim-1").newClient()) {
      String rev = revision();
      KafkaTestClients.send(
          producer,
          Topics.DESIRED,
          "sim-1/healer",
          KafkaTestClients.envelope(
              new DesiredState(
                  "healer",
                  "sim-1",
                  rev,
                  "healer",
                  List.of(
                      object("v1", "ConfigMap", "settings", Map.of("data", Map.of("v", "one"))),
                      object(
                          "v1",
                          "Secret",
                          "db",
                          Map.of("data", Map.of("password", "b3JpZ2luYWwtcGFzcw==")))),
                  hash(rev),
                  null)));
      assertThat(result("sim-1", rev).status()).isEqualTo(SyncCompleted.Status.SYNCED);

      // One drift at a time: a heal re-applies the whole app, so a second edit made while the
      // first is being healed may be undone by that heal before anyone reports it.
      sim1.secrets()
          .inNamespace("healer")
          .withName("db")
          .edit(
              sec -> {
                sec.setData(Map.of("password", "c3RvbGVuLXBhc3M="));
                return sec;
              });
      DriftDetected.DriftedObject secret = onlyDrift(drift, "Secret healer/db");
      assertThat(secret.missing()).isFalse();
      assertThat(secret.fields())
          .containsExactly(
              new DriftDetected.FieldDrift("data.password", "(redacted)", "(redacted)"));
      awaitCorrected(drift, "Secret healer/db");

      sim1.configMaps().inNamespace("healer").withName("settings").delete();
      assertThat(onlyDrift(drift, "ConfigMap healer/settings").missing()).isTrue();
      awaitCorrected(drift, "ConfigMap healer/settings");

      assertThat(sim1.configMaps().inNamespace("healer").withName("settings").get().getData())
          .isEqualTo(Map.of("v", "one"));
      assertThat(sim1.secrets().inNamespace("healer").withName("db").get().getData())
          .isEqualTo(Map.of("password", "b3JpZ2luYWwtcGFzcw=="));
    }
  }

  /**
   * The next DriftDetected of app {@code healer}: it must name only {@code display} and show no
   * Secret data, original or changed, encoded or not.
   */
  private static DriftDetected.DriftedObject onlyDrift(
      KafkaTestClients.TopicTail drift, String display) {
    ConsumerRecord<String, String> record =
        drift.take(
            r ->
                KafkaTestClients.event(r, DriftDetected.class)
                    .filter(d -> d.app().equals("healer"))
                    .isPresent());
    assertThat(record.value())
        .doesNotContain("b3JpZ2luYWwtcGFzcw==")
        .doesNotContain("c3RvbGVuLXBhc3M=")
        .doesNotContain("stolen-pass")
        .doesNotContain("original-pass");
    DriftDetected detected = KafkaTestClients.data(record);
    assertThat(detected.selfHeal()).isTrue();
    assertThat(detected.objects()).hasSize(1);
    DriftDetected.DriftedObject object = detected.objects().get(0);
    assertThat(object.kind() + " " + object.namespace() + "/" + object.name()).isEqualTo(display);
    return object;
  }

  private static void awaitCorrected(KafkaTestClients.TopicTail drift, String display) {
    DriftCorrected c =
        KafkaTestClients.event(
                drift.take(
                    r ->
                        KafkaTestClients.event(r, DriftCorrected.class)
                            .filter(d -> d.app().equals("healer"))
                            .isPresent()),
                DriftCorrected.class)
            .orElseThrow();
    assertThat(c.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(c.objects()).containsExactly(display);
  }

  /** The value of one Prometheus sample, 0 when absent. */
  private static double metric(String series) {
    return given()
        .get("/q/metrics")
        .then()
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  private static DesiredState spread(String cluster, String revision) {
    List<Map<String, Object>> resources =
        List.of(
            object("v1", "Namespace", "spread", Map.of()),
            object("v1", "ConfigMap", "spread", Map.of("data", Map.of("rev", revision))));
    return new DesiredState(
        "spread", cluster, revision, "spread", resources, hash(revision + cluster), null);
  }

  private void assertObjectsOnSim2(int replicas) {
    try (KubernetesClient sim2 = fleet.cluster("sim-2").newClient()) {
      Namespace ns = sim2.namespaces().withName("guestbook").get();
      assertThat(ns.getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
      ConfigMap cm = sim2.configMaps().inNamespace("guestbook").withName("settings").get();
      assertThat(cm.getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
      assertThat(cm.getData()).isEqualTo(Map.of("GREETING", "hello"));
      Deployment web = sim2.apps().deployments().inNamespace("guestbook").withName("web").get();
      assertThat(web.getMetadata().getLabels())
          .containsAllEntriesOf(MANAGED)
          .containsEntry("app", "web");
      assertThat(web.getSpec().getReplicas()).isEqualTo(replicas);
      assertThat(web.getSpec().getTemplate().getSpec().getContainers())
          .extracting(c -> c.getName(), c -> c.getImage())
          .containsExactly(tuple("web", "nginx:1.27"));
      Service svc = sim2.services().inNamespace("guestbook").withName("web").get();
      assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(MANAGED);
      assertThat(svc.getSpec().getSelector()).isEqualTo(Map.of("app", "web"));
      assertThat(svc.getSpec().getPorts())
          .extracting(p -> p.getPort(), p -> p.getTargetPort().getIntVal())
          .containsExactly(tuple(80, 8080));
    }
  }

  private SyncCompleted result(String cluster, String revision) {
    ConsumerRecord<String, String> record =
        results.take(
            r ->
                KafkaTestClients.event(r, SyncCompleted.class)
                    .filter(d -> d.cluster().equals(cluster) && d.revision().equals(revision))
                    .isPresent());
    assertThat(record.key())
        .isEqualTo(cluster + "/" + KafkaTestClients.<SyncCompleted>data(record).app());
    return KafkaTestClients.data(record);
  }

  private static DesiredState guestbook(String cluster, String revision, int replicas) {
    List<Map<String, Object>> resources =
        List.of(
            object("v1", "Namespace", "guestbook", Map.of()),
            object("v1", "ConfigMap", "settings", Map.of("data", Map.of("GREETING", "hello"))),
            object(
                "apps/v1",
                "Deployment",
                "web",
                Map.of(
                    "metadata", Map.of("name", "web", "labels", Map.of("app", "web")),
                    "spec",
                        Map.of(
                            "replicas", replicas,
                            "selector", Map.of("matchLabels", Map.of("app", "web")),
                            "template",
                                Map.of(
                                    "metadata", Map.of("labels", Map.of("app", "web")),
                                    "spec",
                                        Map.of(
                                            "containers",
                                            List.of(
                                                Map.of(
                                                    "name", "web",
                                                    "image", "nginx:1.27",
                                                    "ports",
                                                        List.of(
                                                            Map.of("containerPort", 8080))))))))),
            object(
                "v1",
                "Service",
                "web",
                Map.of(
                    "spec",
                    Map.of(
                        "selector", Map.of("app", "web"),
                        "ports", List.of(Map.of("port", 80, "targetPort", 8080))))));
    return new DesiredState(
        "guestbook",
        cluster,
        revision,
        "guestbook",
        resources,
        EventCodec.sha256(EventCodec.canonical(resources)),
        new Person("Alice Example", "alice@example.com"));
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, String name, Map<String, Object> body) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", Map.of("name", name));
    object.putAll(body);
    return object;
  }

  private static String revision() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String hash(String seed) {
    return EventCodec.sha256(seed);
  }
}
