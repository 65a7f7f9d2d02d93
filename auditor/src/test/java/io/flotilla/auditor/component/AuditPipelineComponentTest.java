package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.TestKafka;
import io.flotilla.auditor.kafka.AuditConsumer;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Real Kafka in, real PostgreSQL out: what the auditor stores, skips and dead-letters. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditPipelineComponentTest {
  private static final String COMMIT = "io.flotilla.commit.detected.v1";
  private static final String DESIRED = "io.flotilla.desiredstate.rendered.v1";
  private static final String SYNCED = "io.flotilla.sync.completed.v1";

  @Inject AgroalDataSource db;

  private static String uniqueApp() {
    return "app-" + UUID.randomUUID();
  }

  @Test
  void shouldStoreEachPipelineEventChainedWithItsIndexedFields() throws SQLException {
    String app = uniqueApp();
    String sha = TestEvents.sha();
    CloudEvent<CommitDetected> commit = TestEvents.commit(app, sha);
    CloudEvent<DesiredState> desired = TestEvents.desired(app, "prod-eu-1", sha, null);
    CloudEvent<SyncCompleted> synced = TestEvents.synced(app, "prod-eu-1", sha);

    TestKafka.send(Topics.COMMITS, commit);
    TestKafka.send(Topics.DESIRED, desired);
    TestKafka.send(Topics.SYNC_RESULTS, synced);

    List<Map<String, Object>> entries = AuditApi.awaitEntries(Map.of("app", app), 3);
    List<Integer> seqs = entries.stream().map(e -> (Integer) e.get("seq")).toList();
    assertThat(seqs).as("newest first").isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    Map<Object, Map<String, Object>> byType =
        entries.stream().collect(Collectors.toMap(e -> e.get("type"), e -> e));
    assertThat(byType.get(COMMIT))
        .containsEntry("eventId", commit.id())
        .containsEntry("topic", Topics.COMMITS)
        .containsEntry("app", app)
        .containsEntry("cluster", null)
        .containsEntry("revision", sha)
        .containsEntry("actor", "Alice Example <alice@example.com>")
        .containsEntry("time", "2026-11-26T10:15:30.123Z");
    assertThat(byType.get(DESIRED))
        .containsEntry("eventId", desired.id())
        .containsEntry("topic", Topics.DESIRED)
        .containsEntry("cluster", "prod-eu-1")
        .containsEntry("revision", sha)
        .containsEntry("actor", "flotilla/renderer");
    assertThat(byType.get(SYNCED))
        .containsEntry("eventId", synced.id())
        .containsEntry("topic", Topics.SYNC_RESULTS)
        .containsEntry("cluster", "prod-eu-1")
        .containsEntry("actor", "Alice Example <alice@example.com>");
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) byType.get(SYNCED).get("event");
    assertThat(event).containsEntry("id", synced.id()).containsEntry("type", SYNCED);
    assertThat(((Map<?, ?>) event.get("data")).get("status")).isEqualTo("synced");

    // the stored row is the canonical envelope, chained as documented
    try (Connection c = db.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select envelope, prev_hash, hash, seq from audit_log where event_id = ?")) {
      q.setString(1, commit.id());
      try (ResultSet row = q.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString("envelope"))
            .isEqualTo(EventCodec.canonical(TestEvents.CODEC.encode(commit)));
        assertThat(row.getLong("seq"))
            .isEqualTo(((Number) byType.get(COMMIT).get("seq")).longValue());
      }
    }

    given()
        .get("/api/v1/audit/verify")
        .then()
        .statusCode(200)
        .body("verified", equalTo(true))
        .body("firstBroken", equalTo(null));
    given()
        .get("/api/v1/audit/" + desired.id())
        .then()
        .statusCode(200)
        .body("type", equalTo(DESIRED))
        .body("event.data.cluster", equalTo("prod-eu-1"));

    assertThat(AuditApi.search(Map.of("app", app, "type", DESIRED)).getList("eventId"))
        .containsExactly(desired.id());
    assertThat(AuditApi.search(Map.of("app", app, "cluster", "prod-eu-1")).getList("eventId"))
        .containsExactlyInAnyOrder(desired.id(), synced.id());
    assertThat(AuditApi.search(Map.of("revision", sha)).getList("eventId"))
        .containsExactlyInAnyOrder(commit.id(), desired.id(), synced.id());
    assertThat(AuditApi.search(Map.of("app", app, "actor", "alice@example.com")).getList("eventId"))
        .containsExactlyInAnyOrder(commit.id(), synced.id());
    assertThat(
            AuditApi.search(Map.of("app", app, "actor", "Alice Example <alice@example.com>"))
                .getList("eventId"))
        .containsExactlyInAnyOrder(commit.id(), synced.id());
    assertThat(AuditApi.search(Map.of("app", app, "limit", 1)).getList("seq"))
        .containsExactly(seqs.get(0));
    assertThat(AuditApi.search(Map.of("app", app, "cluster", "elsewhere")).getList("$")).isEmpty();
  }

  @Test
  void shouldStoreARedeliveredEventOnce() throws SQLException {
    String app = uniqueApp();
    CloudEvent<CommitDetected> commit = TestEvents.commit(app, TestEvents.sha());
    CloudEvent<CommitDetected> after = TestEvents.commit(app, TestEvents.sha());

    TestKafka.send(Topics.COMMITS, commit);
    TestKafka.send(Topics.COMMITS, commit);
    TestKafka.send(Topics.COMMITS, after);

    // one partition, so once the later event is stored both copies have been processed
    AuditApi.awaitEntries(Map.of("app", app), 2);
    try (Connection c = db.getConnection();
        PreparedStatement q =
            c.prepareStatement("select count(*) from audit_log where event_id = ?")) {
      q.setString(1, commit.id());
      try (ResultSet row = q.executeQuery()) {
        row.next();
        assertThat(row.getLong(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldDeadLetterWhatIsNotAnEventAndKeepConsumingThePartition() {
    String app = uniqueApp();
    String garbageKey = "garbage-" + UUID.randomUUID();
    String garbage = "this is {not json";
    CloudEvent<CommitDetected> unknown = TestEvents.commit(app, TestEvents.sha());
    String unknownValue =
        TestEvents.CODEC.encode(unknown).replace(COMMIT, "io.flotilla.commit.exploded.v9");
    CloudEvent<CommitDetected> valid = TestEvents.commit(app, TestEvents.sha());

    TestKafka.send(Topics.COMMITS, garbageKey, garbage);
    TestKafka.send(Topics.COMMITS, unknown.key(), unknownValue);
    TestKafka.send(Topics.COMMITS, valid);

    assertThat(AuditApi.awaitEntries(Map.of("app", app), 1).get(0))
        .containsEntry("eventId", valid.id());
    given().get("/api/v1/audit/" + unknown.id()).then().statusCode(404);

    ConsumerRecord<String, String> deadGarbage =
        TestKafka.awaitRecord(Topics.DEAD_LETTER, r -> garbageKey.equals(r.key()));
    assertThat(deadGarbage.value()).isEqualTo(garbage);
    assertThat(TestKafka.header(deadGarbage, AuditConsumer.REASON_HEADER))
        .startsWith("record value is not JSON");
    assertThat(TestKafka.header(deadGarbage, AuditConsumer.ORIGINAL_TOPIC_HEADER))
        .isEqualTo(Topics.COMMITS);
    assertThat(TestKafka.header(deadGarbage, "dead-letter-reason"))
        .isEqualTo(TestKafka.header(deadGarbage, AuditConsumer.REASON_HEADER));
    assertThat(TestKafka.header(deadGarbage, "dead-letter-topic")).isEqualTo(Topics.COMMITS);
    assertThat(TestKafka.header(deadGarbage, "dead-letter-partition")).isEqualTo("0");

    ConsumerRecord<String, String> deadUnknown =
        TestKafka.awaitRecord(
            Topics.DEAD_LETTER, r -> r.value() != null && r.value().contains(unknown.id()));
    assertThat(deadUnknown.key()).isEqualTo(app);
    assertThat(deadUnknown.value()).isEqualTo(unknownValue);
    assertThat(TestKafka.header(deadUnknown, AuditConsumer.REASON_HEADER))
        .isEqualTo("event " + unknown.id() + ": unknown type 'io.flotilla.commit.exploded.v9'");
  }
}
