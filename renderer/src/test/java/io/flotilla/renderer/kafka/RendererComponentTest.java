package io.flotilla.renderer.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.ClusterPartitioner;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.Topics;
import io.flotilla.events.WatchFailed;
import io.flotilla.renderer.domain.Bundle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The renderer with its real adapters: JGit repositories in a temp dir, a real Kafka broker. Each
 * test writes a commit to the app repo, a CommitDetected to flotilla.commits, waits until the
 * renderer committed past it (so every event it produced is acknowledged), then reads
 * flotilla.desired from where it ended before the test. Other records may be on the shared topics:
 * everything is filtered by revision.
 */
@QuarkusTest
@WithTestResource(RendererTestResource.class)
class RendererComponentTest {
  private static final EventCodec CODEC = new EventCodec();
  private static final Person ALICE = new Person("Alice", "alice@example.com");

  private static final String FRONTEND =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: frontend
      spec:
        replicas: 2
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: frontend
        namespace: edge
      spec:
        ports: [{port: 80}]
      """;
  private static final String NAMESPACE =
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: guestbook\n";

  TestRepos repos;
  TestKafka kafka;

  @Test
  void shouldSendOneDesiredStateToEachProdClusterInItsPartition() throws Exception {
    String sha =
        repos.commitApp(
            "guestbook", Map.of("frontend.yaml", FRONTEND, "namespace.yaml", NAMESPACE), "good");

    List<ConsumerRecord<String, String>> records = renderAndRead(sha);

    int partitions = kafka.partitions(Topics.DESIRED);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("sim-2/guestbook", "sim-3/guestbook");
    assertThat(records)
        .allSatisfy(
            r ->
                assertThat(r.partition())
                    .isEqualTo(ClusterPartitioner.partitionOf(r.key(), partitions)));
    Map<String, Object> owned =
        Map.of("app.kubernetes.io/managed-by", "flotilla", "flotilla.io/app", "guestbook");
    List<Map<String, Object>> expected =
        List.of(
            object("apps/v1", "Deployment", "frontend", "guestbook", Map.of("replicas", 2)),
            object(
                "v1", "Service", "frontend", "edge", Map.of("ports", List.of(Map.of("port", 80)))),
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                "Namespace",
                "metadata",
                Map.of("name", "guestbook", "labels", owned)));
    for (ConsumerRecord<String, String> r : records) {
      CloudEvent<FlotillaEvent> event = CODEC.decode(r.value());
      assertThat(event.source()).isEqualTo("/flotilla/renderer/component-test");
      DesiredState desired = (DesiredState) event.data();
      assertThat(r.key()).isEqualTo(desired.cluster() + "/guestbook");
      assertThat(event.subject()).isEqualTo("guestbook/" + desired.cluster());
      assertThat(desired.namespace()).isEqualTo("guestbook");
      assertThat(desired.author()).isEqualTo(ALICE);
      assertThat(desired.resources()).isEqualTo(expected);
      assertThat(desired.bundleHash()).isEqualTo(Bundle.hash(expected));
    }
  }

  @Test
  void shouldSendRenderFailedNamingFileAndLineAndNoDesiredStateForMalformedYaml() throws Exception {
    String broken =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: first
        ---
        apiVersion: v1
        kind: ConfigMap: oops
        metadata:
          name: second
        """;
    String sha =
        repos.commitApp("guestbook", Map.of("namespace.yaml", NAMESPACE, "zz.yaml", broken), "bad");

    List<ConsumerRecord<String, String>> records = renderAndRead(sha);

    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("sim-2/guestbook", "sim-3/guestbook");
    assertThat(records)
        .extracting(r -> CODEC.decode(r.value()).data())
        .allSatisfy(
            data -> {
              assertThat(data).isInstanceOf(RenderFailed.class);
              RenderFailed failed = (RenderFailed) data;
              assertThat(failed.file()).isEqualTo("guestbook/zz.yaml");
              assertThat(failed.line()).isEqualTo(7);
              assertThat(failed.reason()).contains("mapping values are not allowed here");
              assertThat(failed.author()).isEqualTo(ALICE);
            });
  }

  @Test
  void shouldDeadLetterAGarbageRecordAndStillRenderTheNextCommit() throws Exception {
    String garbage = "not a cloud event " + UUID.randomUUID();
    Map<TopicPartition, Long> deadLetterFrom = kafka.endOffsets(Topics.DEAD_LETTER);
    RecordMetadata bad = kafka.send(Topics.COMMITS, "guestbook", garbage);
    String sha = repos.commitApp("guestbook", Map.of("namespace.yaml", NAMESPACE), "after garbage");

    // same key, same partition: the good commit is processed after the garbage
    List<ConsumerRecord<String, String>> records = renderAndRead(sha);

    assertThat(records).hasSize(2);
    List<ConsumerRecord<String, String>> dead =
        kafka.read(Topics.DEAD_LETTER, deadLetterFrom).stream()
            .filter(r -> garbage.equals(r.value()))
            .toList();
    assertThat(dead).hasSize(1);
    ConsumerRecord<String, String> letter = dead.get(0);
    assertThat(letter.key()).isEqualTo("guestbook");
    assertThat(header(letter, "dead-letter-topic")).isEqualTo(Topics.COMMITS);
    assertThat(header(letter, "dead-letter-partition")).isEqualTo(String.valueOf(bad.partition()));
    assertThat(header(letter, "dead-letter-offset")).isEqualTo(String.valueOf(bad.offset()));
    assertThat(header(letter, "dead-letter-reason")).contains("record value is not JSON");
  }

  @Test
  void shouldAcknowledgeWatchFailedWithoutRenderingOrDeadLetteringIt() throws Exception {
    Map<TopicPartition, Long> deadLetterFrom = kafka.endOffsets(Topics.DEAD_LETTER);
    Map<TopicPartition, Long> desiredFrom = kafka.endOffsets(Topics.DESIRED);
    CloudEvent<WatchFailed> failed =
        CloudEvent.of(
            new WatchFailed(
                "guestbook",
                repos.appsUrl(),
                "main",
                "branch 'main' does not exist",
                Instant.now()),
            CloudEvent.source("git-watcher", "test"),
            Clock.systemUTC());

    RecordMetadata sent = kafka.send(Topics.COMMITS, failed.key(), CODEC.encode(failed));
    kafka.awaitProcessed(sent);

    assertThat(kafka.read(Topics.DESIRED, desiredFrom))
        .noneMatch(r -> r.key().endsWith("/guestbook"));
    assertThat(kafka.read(Topics.DEAD_LETTER, deadLetterFrom))
        .noneMatch(r -> r.value().contains(failed.id()));
    String sha = repos.commitApp("guestbook", Map.of("namespace.yaml", NAMESPACE), "after failure");
    assertThat(renderAndRead(sha)).hasSize(2);
  }

  @Test
  void shouldSendRenderFailedNotTheBundleWhenItIsOverWhatKafkaTakes() throws Exception {
    // under FLOTILLA_MAX_BUNDLE_BYTES, over the test profile's producer max.request.size (64 KiB)
    String big =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "
            + "x".repeat(100_000)
            + "\n";
    String sha = repos.commitApp("guestbook", Map.of("big.yaml", big), "too big for Kafka");
    Map<TopicPartition, Long> deadLetterFrom = kafka.endOffsets(Topics.DEAD_LETTER);

    List<ConsumerRecord<String, String>> records = renderAndRead(sha);

    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("sim-2/guestbook", "sim-3/guestbook");
    assertThat(records)
        .extracting(r -> CODEC.decode(r.value()).data())
        .allSatisfy(
            data -> {
              assertThat(data).isInstanceOf(RenderFailed.class);
              assertThat(((RenderFailed) data).reason())
                  .contains("over the limit of 49152 bytes", "max.request.size", "not")
                  .contains(repos.appsUrl(), sha);
            });
    assertThat(kafka.read(Topics.DEAD_LETTER, deadLetterFrom))
        .noneMatch(r -> r.value().contains(sha));
  }

  @Test
  void shouldReportTheLoadedFleetAndCountEventsInMetrics() throws Exception {
    String sha = repos.commitApp("guestbook", Map.of("namespace.yaml", NAMESPACE), "metrics");
    renderAndRead(sha);

    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("UP"))
        .body("checks.name", hasItem("fleet"))
        .body(
            "checks.find { it.name == 'fleet' }.data.revision",
            org.hamcrest.Matchers.matchesPattern("[0-9a-f]{40}"))
        // other tests add apps and clusters to the fleet while the renderer runs
        .body(
            "checks.find { it.name == 'fleet' }.data.apps",
            org.hamcrest.Matchers.greaterThanOrEqualTo(2))
        .body(
            "checks.find { it.name == 'fleet' }.data.clusters",
            org.hamcrest.Matchers.greaterThanOrEqualTo(3))
        // FLOTILLA_RENDER_CONCURRENCY (4) consumers of flotilla.commits: commits$1 … commits$4
        .body(
            "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data"
                + ".findAll { k, v -> k.startsWith('commits') }.values() as List",
            org.hamcrest.Matchers.equalTo(List.of("[OK]", "[OK]", "[OK]", "[OK]")));
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "flotilla_events_consumed_total{topic=\"flotilla.commits\",type=\"io.flotilla.commit.detected.v1\"}",
            "flotilla_events_produced_total{topic=\"flotilla.desired\",type=\"io.flotilla.desiredstate.rendered.v1\"}",
            "flotilla_render_failures_total",
            "flotilla_processing_seconds_count");
  }

  @Test
  void shouldRenderForAnAppAndClustersAddedToTheFleetWhileRunning() throws Exception {
    String sha =
        repos.commitApp("late", Map.of("cm.yaml", NAMESPACE.replace("guestbook", "late")), "late");
    repos.commitFleet(
        Map.of(
            "apps/late.yaml", TestRepos.app("late", repos.appsUrl(), "canary"),
            "clusters/sim-4.yaml", TestRepos.cluster("sim-4", "canary")),
        "add app late and cluster sim-4");

    // an app the fleet in force does not know: the renderer looks at the fleet repo again
    assertThat(renderAndRead("late", sha))
        .extracting(ConsumerRecord::key)
        .containsExactly("sim-4/late");

    String fleetSha =
        repos.commitFleet(
            Map.of("clusters/sim-5.yaml", TestRepos.cluster("sim-5", "canary")), "add sim-5");
    // a new cluster: picked up by the scheduled refresh (1s in tests)
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .body(
                        "checks.find { it.name == 'fleet' }.data.revision",
                        org.hamcrest.Matchers.equalTo(fleetSha)));
    assertThat(renderAndRead("late", sha))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("sim-4/late", "sim-5/late");
  }

  @Test
  void shouldDenyByAFleetPolicyWithoutEmittingADesiredState() throws Exception {
    String sha =
        repos.commitApp(
            "policed",
            Map.of("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: forbidden\n"),
            "policed");
    repos.commitFleet(
        Map.of(
            "apps/policed.yaml",
            TestRepos.app("policed", repos.appsUrl(), "policed"),
            "clusters/sim-6.yaml",
            TestRepos.cluster("sim-6", "policed"),
            "policies/no-forbidden.yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Policy
            metadata: {name: no-forbidden}
            spec:
              match: {kinds: [ConfigMap], namespaces: [policed]}
              rule: "object.metadata.name != 'forbidden'"
              message: "no ConfigMap may be called forbidden"
              action: deny
            """),
        "policy");

    List<ConsumerRecord<String, String>> records = renderAndRead("policed", sha);

    assertThat(records).extracting(ConsumerRecord::key).containsExactly("sim-6/policed");
    RenderFailed failed = (RenderFailed) CODEC.decode(records.get(0).value()).data();
    assertThat(failed.reason())
        .contains(
            "policy 'no-forbidden' (deny): ConfigMap 'forbidden' in namespace 'policed': no"
                + " ConfigMap may be called forbidden");
  }

  @Test
  void shouldRenderTheRevisionOfARollbackAgainMarkedAsSuch() throws Exception {
    String old = repos.commitApp("guestbook", Map.of("namespace.yaml", NAMESPACE), "to go back to");
    List<ConsumerRecord<String, String>> first = renderAndRead(old);
    Map<TopicPartition, Long> from = kafka.endOffsets(Topics.DESIRED);
    CloudEvent<io.flotilla.events.RollbackRequested> rollback =
        CloudEvent.of(
            new io.flotilla.events.RollbackRequested(
                "guestbook", "sim-3", old, false, "bad release", "alice", Instant.now()),
            CloudEvent.source("applier", "test"),
            Clock.systemUTC());

    RecordMetadata sent = kafka.send(Topics.CONTROL, rollback.key(), CODEC.encode(rollback));
    kafka.awaitProcessed(kafka.controlGroup(), sent);

    List<DesiredState> again =
        kafka.read(Topics.DESIRED, from).stream()
            .map(r -> CODEC.decode(r.value()).data())
            .filter(d -> d instanceof DesiredState ds && old.equals(ds.revision()))
            .map(d -> (DesiredState) d)
            .toList();
    assertThat(again).extracting(DesiredState::cluster).containsExactly("sim-3");
    assertThat(again.get(0).rollbackOf()).isEqualTo(rollback.id());
    DesiredState original = (DesiredState) CODEC.decode(first.get(0).value()).data();
    assertThat(again.get(0).bundleHash()).isEqualTo(original.bundleHash());
    assertThat(original.rollbackOf()).isNull();
  }

  private List<ConsumerRecord<String, String>> renderAndRead(String sha) throws Exception {
    return renderAndRead("guestbook", sha);
  }

  /** Sends a CommitDetected for {@code sha}, waits until it is processed, returns its events. */
  List<ConsumerRecord<String, String>> renderAndRead(String app, String sha) throws Exception {
    Map<TopicPartition, Long> from = kafka.endOffsets(Topics.DESIRED);
    CloudEvent<CommitDetected> commit =
        CloudEvent.of(
            new CommitDetected(
                app, repos.appsUrl(), "main", sha, null, ALICE, ALICE, "test", Instant.now()),
            CloudEvent.source("git-watcher", "test"),
            Clock.systemUTC());
    RecordMetadata sent = kafka.send(Topics.COMMITS, commit.key(), CODEC.encode(commit));
    kafka.awaitProcessed(sent);
    return kafka.read(Topics.DESIRED, from).stream()
        .filter(r -> sha.equals(((DesiredEvent) CODEC.decode(r.value()).data()).revision()))
        .toList();
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, String name, String namespace, Map<String, Object> spec) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put(
        "metadata",
        Map.of(
            "name",
            name,
            "namespace",
            namespace,
            "labels",
            Map.of("app.kubernetes.io/managed-by", "flotilla", "flotilla.io/app", "guestbook")));
    object.put("spec", spec);
    return object;
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
