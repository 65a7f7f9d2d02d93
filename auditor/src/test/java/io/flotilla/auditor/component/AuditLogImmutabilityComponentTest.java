package io.flotilla.auditor.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.TestKafka;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database itself refuses to change the audit log, whoever asks. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditLogImmutabilityComponentTest {
  @Inject AgroalDataSource db;

  private CloudEvent<CommitDetected> stored;

  @BeforeEach
  void storeOneEvent() {
    String app = "app-" + UUID.randomUUID();
    stored = TestEvents.commit(app, TestEvents.sha());
    TestKafka.send(Topics.COMMITS, stored);
    AuditApi.awaitEntries(Map.of("app", app), 1);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private String actorOfStoredEvent() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement q =
            c.prepareStatement("select actor from audit_log where event_id = ?")) {
      q.setString(1, stored.id());
      try (ResultSet row = q.executeQuery()) {
        assertThat(row.next()).as("stored row").isTrue();
        return row.getString(1);
      }
    }
  }

  @Test
  void shouldRefuseUpdate() throws SQLException {
    assertThatThrownBy(
            () ->
                execute(
                    "update audit_log set actor = 'Mallory' where event_id = '"
                        + stored.id()
                        + "'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only: UPDATE is not allowed");
    assertThat(actorOfStoredEvent()).isEqualTo("Alice Example <alice@example.com>");
  }

  @Test
  void shouldRefuseDelete() throws SQLException {
    assertThatThrownBy(() -> execute("delete from audit_log"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only: DELETE is not allowed");
    assertThat(actorOfStoredEvent()).isNotNull();
  }

  @Test
  void shouldRefuseTruncate() throws SQLException {
    assertThatThrownBy(() -> execute("truncate audit_log"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only: TRUNCATE is not allowed");
    assertThat(actorOfStoredEvent()).isNotNull();
  }
}
