package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.e2e.faults.EventLedger;
import io.flotilla.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Poison records published by hand on every consumed topic — not JSON, an unknown CloudEvent type —
 * against the whole platform: each lands on {@code flotilla.dead-letter} with its reason and is
 * audited exactly once (by its position), and the partition keeps flowing: the app's next commit,
 * on the same partitions, converges. A DesiredState for a cluster that is not in the fleet is
 * dead-lettered by the applier (nothing applied) and audited once as an event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String APP = "poison-" + RUN;
  static final List<String> TARGETS = List.of("sim-2", "sim-3");
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static final Duration ROLLOUT = Duration.ofSeconds(120);
  static final ObjectMapper JSON = new ObjectMapper();

  static Platform platform;
  static GitRepo apps;
  static GitRepo fleet;
  static EventLedger ledger;
  static String sha1;
  static final Map<String, RecordMetadata> poisons = new LinkedHashMap<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    Path work = repoRoot.resolve("e2e/target/e2e-" + APP);
    Files.createDirectories(work);
    String server =
        System.getenv()
            .getOrDefault("FLOTILLA_E2E_DB_URL", "postgresql://127.0.0.1:56432/flotilla_e2e");
    String dbUrl = server.substring(0, server.lastIndexOf('/') + 1) + "flotilla_poison";
    ledger = new EventLedger(bootstrap(), dbUrl);
    ledger.dropDatabase();
    apps = GitRepo.init(work.resolve("apps"));
    fleet = GitRepo.init(work.resolve("fleet"));
    fleet.commit(Samples.fleet(3, Map.of(APP, apps.url())), "fleet", ALICE);
    sha1 = apps.commit(Samples.app(APP, 2, "nginx:1.27"), "first release", ALICE);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", dbUrl);
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.putAll(Platform.ports(18580));
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
  void poisonOnEveryTopicShouldBeDeadLetteredAndAuditedOnceAndTheNextCommitConverge()
      throws Exception {
    Rollout.await(platform.applierUrl(), APP, sha1, TARGETS, ROLLOUT, System.out);
    ConsumerRecord<String, String> desired = desiredStateOf("sim-2");

    // a DesiredState exactly like a real one, but for a cluster the fleet does not have
    ObjectNode stranger = (ObjectNode) JSON.readTree(desired.value());
    stranger.put("id", UUID.randomUUID().toString());
    stranger.put("subject", APP + "/sim-nowhere");
    ((ObjectNode) stranger.path("data")).put("cluster", "sim-nowhere");
    String unknownType =
        JSON.createObjectNode()
            .put("specversion", "1.0")
            .put("id", UUID.randomUUID().toString())
            .put("source", "/flotilla/poison-it")
            .put("type", "io.flotilla.bogus.happened.v1")
            .put("time", "2026-11-26T22:00:00Z")
            .put("datacontenttype", "application/json")
            .set("data", JSON.createObjectNode().put("app", APP))
            .toString();
    String notJson = "{\"specversion\": \"1.0\", \"id\": " + RUN + " not json";

    try (KafkaProducer<String, String> producer = producer()) {
      for (String topic : List.of(Topics.COMMITS, Topics.CONTROL)) {
        poisons.put(topic + " not JSON", send(producer, topic, null, APP, notJson));
        poisons.put(topic + " unknown type", send(producer, topic, null, APP, unknownType));
      }
      // on the partition that carries sim-2's desired states, so the next one must pass them
      int p = desired.partition();
      poisons.put("desired not JSON", send(producer, Topics.DESIRED, p, desired.key(), notJson));
      poisons.put(
          "desired unknown type", send(producer, Topics.DESIRED, p, desired.key(), unknownType));
      poisons.put(
          "desired for a cluster not in the fleet",
          send(producer, Topics.DESIRED, p, "sim-nowhere/" + APP, stranger.toString()));
      for (String topic : List.of(Topics.SYNC_RESULTS, Topics.DRIFT)) {
        poisons.put(topic + " not JSON", send(producer, topic, null, "sim-2/" + APP, notJson));
        poisons.put(
            topic + " unknown type", send(producer, topic, null, "sim-2/" + APP, unknownType));
      }
    }

    String sha2 = apps.commit(Samples.app(APP, 3, "nginx:1.27"), "after the poison", ALICE);
    Rollout.await(platform.applierUrl(), APP, sha2, TARGETS, ROLLOUT, System.out);

    // every poison: one audit row, by its position, with the reason; one or more dead letters
    for (Map.Entry<String, RecordMetadata> poison : poisons.entrySet()) {
      RecordMetadata m = poison.getValue();
      String id = "dead-letter:" + m.topic() + "/" + m.partition() + "/" + m.offset();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(ledger.envelopesOf(id))
                      .as("audit rows of %s (%s)", poison.getKey(), id)
                      .singleElement()
                      .satisfies(
                          e ->
                              assertThat(e)
                                  .contains("io.flotilla.record.deadlettered.v1")
                                  .contains("reason")
                                  .doesNotContain(RUN + " not json")));
    }
    // A valid DesiredState for a cluster the fleet does not have is dead-lettered by the applier
    // (checked above and below with the other poisons) and nothing is applied; as a readable event
    // it is also audited once under its own id (checked with every other event).
    assertThat(Rollout.clusters(platform.applierUrl(), APP)).doesNotContainKey("sim-nowhere");
    List<ConsumerRecord<String, String>> deadLetters = ledger.readAll(List.of(Topics.DEAD_LETTER));
    for (Map.Entry<String, RecordMetadata> poison : poisons.entrySet()) {
      RecordMetadata m = poison.getValue();
      assertThat(deadLetters)
          .as("dead letters of %s", poison.getKey())
          .anySatisfy(
              d -> {
                assertThat(header(d, "dead-letter-topic")).isEqualTo(m.topic());
                assertThat(header(d, "dead-letter-partition"))
                    .isEqualTo(String.valueOf(m.partition()));
                assertThat(header(d, "dead-letter-offset")).isEqualTo(String.valueOf(m.offset()));
                String reason = header(d, "flotilla-dead-letter-reason");
                assertThat(reason != null ? reason : header(d, "dead-letter-reason")).isNotBlank();
              });
    }
  }

  @Test
  @Order(2)
  void everyEventOfTheAppShouldBeAuditedExactlyOnceInAVerifiedChain() throws Exception {
    Set<String> onTopics = ledger.eventIdsOnTopics(APP);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(ledger.rowsPerEventId(APP).keySet()).containsAll(onTopics));
    Map<String, Integer> rows = ledger.rowsPerEventId(APP);
    assertThat(rows.values()).as("rows per event id").allMatch(n -> n == 1);
    // An event can be published (and audited) after the first read of the topics, e.g. a health
    // change settling: a row is compared with the topics as they are after the rows were read.
    List<String> extra = new ArrayList<>(rows.keySet());
    extra.removeAll(ledger.eventIdsOnTopics(APP));
    assertThat(extra).as("audited events of %s found on no topic", APP).isEmpty();
    var verify = Http.get(platform.auditorUrl() + "/api/v1/audit/verify", platform.apiToken());
    assertThat(verify.path("verified").asBoolean()).as("verify: %s", verify).isTrue();
  }

  private static RecordMetadata send(
      KafkaProducer<String, String> producer,
      String topic,
      Integer partition,
      String key,
      String value)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<String, String> desiredStateOf(String cluster) {
    String key = cluster + "/" + APP;
    return ledger.readAll(List.of(Topics.DESIRED)).stream()
        .filter(r -> key.equals(r.key()) && r.value().contains("desiredstate.rendered"))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no DesiredState for " + key));
  }

  private static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap());
    p.put("acks", "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static String bootstrap() {
    return System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092");
  }
}
