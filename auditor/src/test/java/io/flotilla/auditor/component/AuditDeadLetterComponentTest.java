package io.flotilla.auditor.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.TestKafka;
import io.flotilla.auditor.app.DeadLetterParser;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Dead letters are audited: one row per rejected record, with the reason, where it came from and
 * who rejected it, the value's SHA-256 and size, and never the value.
 */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditDeadLetterComponentTest {
  @Inject AgroalDataSource db;

  @Test
  void shouldAuditAPoisonRecordOnAnAuditedTopicOnceWithoutItsValue() throws SQLException {
    String app = "app-" + UUID.randomUUID();
    String secret = "s3cr3t-" + UUID.randomUUID();
    String key = "poison-" + UUID.randomUUID();
    String poison = secret + " {not json at all " + secret;
    CloudEvent<CommitDetected> valid = TestEvents.commit(app, TestEvents.sha());

    TestKafka.send(Topics.COMMITS, key, poison);
    TestKafka.send(Topics.COMMITS, valid);

    // the partition is not blocked
    AuditApi.awaitEntries(Map.of("app", app), 1);
    ConsumerRecord<String, String> copy =
        TestKafka.awaitRecord(Topics.DEAD_LETTER, r -> key.equals(r.key()));
    String id =
        "dead-letter:" + Topics.COMMITS + "/0/" + TestKafka.header(copy, "dead-letter-offset");
    Map<String, String> row = awaitRow(id);

    assertThat(row).containsEntry("type", DeadLetterParser.TYPE);
    assertThat(row).containsEntry("actor", "flotilla/auditor");
    assertThat(row).containsEntry("topic", Topics.DEAD_LETTER);
    assertThat(row.get("message")).startsWith("record value is not JSON");
    assertThat(row.get("envelope"))
        .contains("\"sourceTopic\":\"" + Topics.COMMITS + "\"")
        .contains("\"sourcePartition\":0")
        .contains("\"service\":\"auditor\"")
        .contains("\"payloadSha256\":\"" + EventCodec.sha256(poison) + "\"")
        .contains("\"payloadBytes\":" + poison.length());
    assertNowhere(secret);

    // a second service dead-letters the same record (SmallRye's headers, no service header):
    // still one row for it
    Map<String, String> headers = new HashMap<>();
    headers.put("dead-letter-reason", "renderer: cannot read it");
    headers.put("dead-letter-topic", Topics.COMMITS);
    headers.put("dead-letter-partition", "0");
    headers.put("dead-letter-offset", TestKafka.header(copy, "dead-letter-offset"));
    headers.put("dead-letter-exception-class-name", "io.flotilla.renderer.kafka.Whatever");
    TestKafka.send(Topics.DEAD_LETTER, key, poison, headers);
    String marker = "marker-" + UUID.randomUUID();
    headers.put("dead-letter-offset", "999999999");
    headers.put("dead-letter-reason", marker);
    TestKafka.send(Topics.DEAD_LETTER, key, poison, headers);
    awaitRow("dead-letter:" + Topics.COMMITS + "/0/999999999");
    assertThat(count("event_id = ?", id)).isEqualTo(1);
  }

  @Test
  void shouldAuditAnotherServicesDeadLetterWithItsOriginAndService() throws SQLException {
    String secret = "hunter2-" + UUID.randomUUID();
    String value = "{\"password\": \"" + secret + "\"";
    long sourceOffset = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
    Map<String, String> headers = new HashMap<>();
    // a parser's message quotes the token it choked on: here the secret itself
    headers.put("dead-letter-reason", "Unrecognized token '" + secret + "': was expecting JSON");
    headers.put("dead-letter-cause", "at '" + secret + "'");
    headers.put("dead-letter-topic", Topics.DESIRED);
    headers.put("dead-letter-partition", "3");
    headers.put("dead-letter-offset", Long.toString(sourceOffset));
    headers.put("dead-letter-exception-class-name", "io.flotilla.applier.kafka.BadDesiredState");
    TestKafka.send(Topics.DEAD_LETTER, "prod-1/shop", value, headers);
    TestKafka.send(Topics.DEAD_LETTER, "prod-1/shop", value, headers); // redelivered

    String id = "dead-letter:" + Topics.DESIRED + "/3/" + sourceOffset;
    Map<String, String> row = awaitRow(id);
    assertThat(row).containsEntry("actor", "flotilla/applier");
    assertThat(row.get("message"))
        .isEqualTo(
            "Unrecognized token '<"
                + secret.length()
                + " characters of the payload>': was"
                + " expecting JSON");
    assertThat(row.get("envelope"))
        .contains("\"sourceOffset\":" + sourceOffset)
        .contains("\"payloadSha256\":\"" + EventCodec.sha256(value) + "\"");
    assertNowhere(secret);

    // no origin headers at all: identified by its own place on the dead-letter topic
    long own = TestKafka.send(Topics.DEAD_LETTER, null, "x", Map.of());
    Map<String, String> bare = awaitRow("dead-letter:" + Topics.DEAD_LETTER + "/0/" + own);
    assertThat(bare).containsEntry("actor", "flotilla/unknown");
    assertThat(bare).containsEntry("message", "dead-lettered without a reason");
    assertThat(count("event_id = ?", id)).isEqualTo(1);
  }

  private Map<String, String> awaitRow(String eventId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> row(eventId), r -> r != null);
  }

  private Map<String, String> row(String eventId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select type, actor, topic, message, envelope from audit_log where event_id = ?")) {
      s.setString(1, eventId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<String, String> row = new HashMap<>();
        for (String column : new String[] {"type", "actor", "topic", "message", "envelope"}) {
          row.put(column, rs.getString(column));
        }
        return row;
      }
    }
  }

  private long count(String where, String value) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("select count(*) from audit_log where " + where)) {
      s.setString(1, value);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** No table of the audit log holds the text anywhere. */
  private void assertNowhere(String text) throws SQLException {
    for (String table : new String[] {"audit_log", "audit_event", "audit_bundle"}) {
      try (Connection c = db.getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "select count(*) from " + table + " t where strpos(t::text, ?) > 0")) {
        s.setString(1, text);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("rows of %s holding %s", table, text).isZero();
        }
      }
    }
  }
}
