package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestDb;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.TestKafka;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses to change the audit log, whoever asks; what a superuser changes
 * anyway is found by verify.
 */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditLogImmutabilityComponentTest {
  /** The service's own pool: connected as the service role. */
  @Inject AgroalDataSource service;

  private CloudEvent<CommitDetected> stored;
  private long seq;

  @BeforeEach
  void storeOneEvent() {
    String app = "app-" + UUID.randomUUID();
    stored = TestEvents.commit(app, TestEvents.sha());
    TestKafka.send(Topics.COMMITS, stored);
    seq = ((Number) AuditApi.awaitEntries(Map.of("app", app), 1).get(0).get("seq")).longValue();
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (c;
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private String partition() throws SQLException {
    try (Connection c = TestDb.owner();
        PreparedStatement q =
            c.prepareStatement("select tableoid::regclass::text from audit_log where seq = ?")) {
      q.setLong(1, seq);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private String actorOfStoredEvent() throws SQLException {
    try (Connection c = service.getConnection();
        PreparedStatement q = c.prepareStatement("select actor from audit_log where seq = ?")) {
      q.setLong(1, seq);
      try (ResultSet row = q.executeQuery()) {
        assertThat(row.next()).as("stored row").isTrue();
        return row.getString(1);
      }
    }
  }

  @Test
  void shouldRefuseTheServiceRoleAnythingButInsertAndSelect() throws SQLException {
    for (String sql :
        List.of(
            "update audit_log set actor = 'Mallory' where seq = " + seq,
            "delete from audit_log where seq = " + seq,
            "truncate audit_log",
            "delete from audit_event",
            "update audit_bundle set content = ''",
            "alter table audit_log disable trigger audit_log_append_only",
            "drop table audit_log")) {
      assertThatThrownBy(() -> execute(service.getConnection(), sql))
          .as(sql)
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(permission denied|must be owner).*");
    }
    assertThat(actorOfStoredEvent()).isEqualTo("Alice Example <alice@example.com>");
  }

  @Test
  void shouldRefuseTheOwnerUpdateDeleteAndTruncateEvenOnAPartition() throws SQLException {
    String partition = partition();
    Map<String, String> refused =
        Map.of(
            "update audit_log set actor = 'Mallory' where seq = " + seq,
            "audit_log is append-only: UPDATE is not allowed",
            "delete from audit_log where false",
            "audit_log is append-only: DELETE is not allowed",
            "truncate audit_log",
            "audit_log is append-only: TRUNCATE is not allowed",
            "delete from " + partition + " where seq = " + seq,
            partition + " is append-only: DELETE is not allowed",
            "update " + partition + " set actor = 'Mallory' where seq = " + seq,
            partition + " is append-only: UPDATE is not allowed",
            "truncate " + partition,
            partition + " is append-only: TRUNCATE is not allowed",
            "delete from audit_event where seq = " + seq,
            "audit_event is append-only: DELETE is not allowed",
            "truncate audit_bundle cascade",
            "is append-only: TRUNCATE is not allowed");
    for (Map.Entry<String, String> r : refused.entrySet()) {
      assertThatThrownBy(() -> execute(TestDb.owner(), r.getKey()))
          .as(r.getKey())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(r.getValue());
    }
    assertThat(actorOfStoredEvent()).isEqualTo("Alice Example <alice@example.com>");
  }

  @Test
  void shouldReportARowAlteredBehindTheTriggersBackAtItsExactSeq() throws SQLException {
    String original = actorOfStoredEvent();
    String storedHash;
    try (Connection c = service.getConnection();
        PreparedStatement q = c.prepareStatement("select hash from audit_log where seq = ?")) {
      q.setLong(1, seq);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        storedHash = rs.getString(1);
      }
    }
    try {
      tamper("Mallory <mallory@example.com>");

      JsonPath verify = verifyFrom(seq - 2 > 0 ? seq - 2 : 1);
      assertThat(verify.getBoolean("verified")).isFalse();
      assertThat(verify.getLong("firstBroken.seq")).isEqualTo(seq);
      assertThat(verify.getString("firstBroken.actual")).isEqualTo(storedHash);
      assertThat(verify.getString("firstBroken.expected"))
          .matches("[0-9a-f]{64}")
          .isNotEqualTo(storedHash);
    } finally {
      // put it back, or every later verification of this database would fail
      tamper(original);
    }
    JsonPath restored = verifyFrom(seq);
    assertThat(restored.getBoolean("verified")).isTrue();
    assertThat(restored.getString("firstBroken")).isNull();
  }

  private void tamper(String actor) throws SQLException {
    try (Connection c = TestDb.superuser();
        Statement off = c.createStatement();
        PreparedStatement update =
            c.prepareStatement("update audit_log set actor = ? where seq = ?")) {
      off.execute("set session_replication_role = replica"); // triggers off, this session only
      update.setString(1, actor);
      update.setLong(2, seq);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static JsonPath verifyFrom(long from) {
    return given()
        .queryParam("from", from)
        .get("/api/v1/audit/verify")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
