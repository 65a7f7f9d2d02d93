package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole platform as separate processes — real Kafka, PostgreSQL, Git repositories and fleet-sim
 * clusters — driven from outside: commits in, objects on clusters and audit rows out. Expects the
 * broker and database of {@code make test} ({@code deploy/local/test.sh}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  static final String APP = "shop-" + UUID.randomUUID().toString().substring(0, 6);
  static final List<String> TARGETS = List.of("sim-2", "sim-3");
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static final Duration ROLLOUT = Duration.ofSeconds(90);
  static final String DB_URL =
      System.getenv()
          .getOrDefault("FLOTILLA_E2E_DB_URL", "postgresql://127.0.0.1:56432/flotilla_e2e");

  static Platform platform;
  static GitRepo apps;
  static GitRepo fleet;
  static String sha1;
  static String sha2;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    Path work = repoRoot.resolve("e2e/target/e2e-" + APP);
    Files.createDirectories(work);
    apps = GitRepo.init(work.resolve("apps"));
    fleet = GitRepo.init(work.resolve("fleet"));
    fleet.commit(Samples.fleet(3, Map.of(APP, apps.url())), "fleet", ALICE);
    sha1 = apps.commit(Samples.app(APP, 2, "nginx:1.27"), "first release", ALICE);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", DB_URL);
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.putAll(Platform.ports(18080));
    platform = Platform.up(repoRoot, env, System.out);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
    if (apps != null) {
      apps.close();
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void shouldApplyFirstCommitToEveryTargetClusterAndNothingElsewhere() {
    Rollout.await(platform.applierUrl(), APP, sha1, TARGETS, ROLLOUT, System.out);

    for (String cluster : TARGETS) {
      try (KubernetesClient k8s = Demo.client(platform.credentialsDir(), cluster)) {
        assertManaged(k8s.namespaces().withName(APP).get());
        ConfigMap config = k8s.configMaps().inNamespace(APP).withName(APP + "-config").get();
        assertManaged(config);
        assertThat(config.getData())
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    "GREETING",
                    "Hello from Flotilla",
                    "STORAGE",
                    "redis://" + APP + "-redis:6379"));
        Deployment deployment = k8s.apps().deployments().inNamespace(APP).withName(APP).get();
        assertManaged(deployment);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
            .singleElement()
            .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx:1.27"));
        Service service = k8s.services().inNamespace(APP).withName(APP).get();
        assertManaged(service);
        assertThat(service.getSpec().getPorts())
            .singleElement()
            .satisfies(p -> assertThat(p.getPort()).isEqualTo(80));
      }
    }
    try (KubernetesClient staging = Demo.client(platform.credentialsDir(), "sim-1")) {
      assertThat(staging.namespaces().withName(APP).get()).isNull();
      assertThat(
              staging
                  .apps()
                  .deployments()
                  .inAnyNamespace()
                  .withLabel("flotilla.io/app", APP)
                  .list()
                  .getItems())
          .isEmpty();
    }
    assertThat(writes("sim-1")).isZero();
  }

  @Test
  @Order(2)
  void shouldUpdateClustersOnSecondCommit() {
    sha2 = apps.commit(Samples.app(APP, 3, "nginx:1.27"), "scale to 3", ALICE);

    Map<String, JsonNode> state =
        Rollout.await(platform.applierUrl(), APP, sha2, TARGETS, ROLLOUT, System.out);

    for (String cluster : TARGETS) {
      assertThat(replicasOn(cluster)).isEqualTo(3);
      Map<String, String> outcomes = new LinkedHashMap<>();
      state
          .get(cluster)
          .path("resources")
          .forEach(r -> outcomes.put(r.path("kind").asText(), r.path("outcome").asText()));
      assertThat(outcomes)
          .containsEntry("Deployment", "configured")
          .containsEntry("ConfigMap", "unchanged")
          .containsEntry("Service", "unchanged")
          .containsEntry("Namespace", "unchanged");
    }
  }

  @Test
  @Order(3)
  void auditLogShouldHoldEveryEventInAnUnbrokenChain() throws SQLException {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(auditTypes(sha2))
                    .containsEntry("io.flotilla.commit.detected.v1", 1)
                    .containsEntry("io.flotilla.desiredstate.rendered.v1", 2)
                    .containsEntry("io.flotilla.sync.completed.v1", 2));
    int count = 0;
    try (Connection db = db();
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT seq, prev_hash, hash, type, actor, app FROM audit_log ORDER BY seq")) {
      String previous = "0".repeat(64);
      while (rows.next()) {
        assertThat(rows.getString("prev_hash"))
            .as("prev_hash of row %d", rows.getLong("seq"))
            .isEqualTo(previous);
        // the hash covers the whole row (not only the envelope): GET /verify below recomputes it
        if (APP.equals(rows.getString("app"))) {
          // Git-driven events carry the commit's author; what Flotilla did on its own (health,
          // drift) names the service
          String type = rows.getString("type");
          if (java.util.Set.of(
                  "io.flotilla.commit.detected.v1",
                  "io.flotilla.desiredstate.rendered.v1",
                  "io.flotilla.sync.completed.v1")
              .contains(type)) {
            assertThat(rows.getString("actor"))
                .as("actor of %s row %d", type, rows.getLong("seq"))
                .isEqualTo("Alice Example <alice@example.com>");
          } else {
            assertThat(rows.getString("actor"))
                .as("actor of %s row %d", type, rows.getLong("seq"))
                .startsWith("flotilla/");
          }
        }
        previous = rows.getString("hash");
        count++;
      }
      assertThat(count).isGreaterThanOrEqualTo(10);
    }
    var verify = Http.get(platform.auditorUrl() + "/api/v1/audit/verify", platform.apiToken());
    assertThat(verify.path("verified").asBoolean()).as("verify: %s", verify).isTrue();
    assertThat(verify.path("entries").asLong()).isGreaterThanOrEqualTo(count);
    assertThat(verify.path("firstBroken").isNull()).as("firstBroken: %s", verify).isTrue();
  }

  @Test
  @Order(4)
  void redeliveredDesiredStateShouldCostNoWriteAndNoSecondAuditRow() throws Exception {
    ConsumerRecord<String, String> desired = findDesiredState("sim-2", sha2);
    String eventId = new EventCodec().decode(desired.value()).id();
    long writesBefore = writes("sim-2");
    int syncsBefore = auditTypes(sha2).getOrDefault("io.flotilla.sync.completed.v1", 0);

    try (KafkaProducer<String, String> producer = producer()) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.DESIRED, desired.partition(), desired.key(), desired.value()))
          .get();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(auditTypes(sha2).getOrDefault("io.flotilla.sync.completed.v1", 0))
                    .isEqualTo(syncsBefore + 1));
    assertThat(writes("sim-2")).isEqualTo(writesBefore);
    assertThat(Rollout.clusters(platform.applierUrl(), APP).get("sim-2").path("resources"))
        .allSatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("unchanged"));
    try (Connection db = db();
        var query = db.prepareStatement("SELECT count(*) FROM audit_log WHERE event_id = ?")) {
      query.setString(1, eventId);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  @Order(5)
  void malformedYamlShouldFailRenderingApplyNothingAndBeAudited() throws Exception {
    long writesBefore = writes("sim-2") + writes("sim-3");
    Map<String, String> files = Samples.app(APP, 5, "nginx:1.27");
    files.put(
        APP + "/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [unclosed\n");
    String bad = apps.commit(files, "broken config", ALICE);

    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () -> assertThat(auditTypes(bad)).containsEntry("io.flotilla.render.failed.v1", 2));
    try (Connection db = db();
        var query =
            db.prepareStatement("SELECT envelope FROM audit_log WHERE revision = ? AND type = ?")) {
      query.setString(1, bad);
      query.setString(2, "io.flotilla.render.failed.v1");
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getString(1)).contains(APP + "/config.yaml").contains("\"line\":");
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        Rollout.clusters(platform.applierUrl(), APP)
                            .get("sim-2")
                            .path("syncState")
                            .asText())
                    .isEqualTo("RenderFailed"));
    assertThat(writes("sim-2") + writes("sim-3")).isEqualTo(writesBefore);
    for (String cluster : TARGETS) {
      assertThat(replicasOn(cluster)).isEqualTo(3);
    }
  }

  private static int replicasOn(String cluster) {
    try (KubernetesClient k8s = Demo.client(platform.credentialsDir(), cluster)) {
      return k8s.apps().deployments().inNamespace(APP).withName(APP).get().getSpec().getReplicas();
    }
  }

  private static void assertManaged(HasMetadata object) {
    assertThat(object).as("object on cluster").isNotNull();
    assertThat(object.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "flotilla")
        .containsEntry("flotilla.io/app", APP);
  }

  private static long writes(String cluster) {
    return Http.get(platform.simStatsUrl()).path("clusters").path(cluster).path("writes").asLong();
  }

  private static Connection db() throws SQLException {
    Properties p = new Properties();
    p.put("user", "flotilla");
    p.put("password", "flotilla");
    return DriverManager.getConnection("jdbc:" + DB_URL, p);
  }

  private static Map<String, Integer> auditTypes(String revision) throws SQLException {
    Map<String, Integer> types = new LinkedHashMap<>();
    try (Connection db = db();
        var query =
            db.prepareStatement(
                "SELECT type, count(*) FROM audit_log WHERE app = ? AND revision = ? GROUP BY type")) {
      query.setString(1, APP);
      query.setString(2, revision);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return types;
  }

  private static ConsumerRecord<String, String> findDesiredState(String cluster, String revision) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topics.DESIRED)
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      String key = cluster + "/" + APP;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())
              && r.value().contains(revision)
              && r.value().contains("desiredstate.rendered")) {
            return r;
          }
        }
      }
    }
    throw new AssertionError(
        "no DesiredState for " + cluster + "/" + APP + " at " + revision + " on " + Topics.DESIRED);
  }

  private static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static String bootstrap() {
    return System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092");
  }
}
