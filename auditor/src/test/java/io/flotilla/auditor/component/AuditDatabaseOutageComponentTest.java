package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * PostgreSQL stopped mid-stream: the auditor stops storing, says so on /q/health, and catches up
 * once the database is back — every event once, the chain intact.
 *
 * <p>Stops and starts the test database server with {@code deploy/local/postgres.sh}, so it runs
 * where that script manages the server ({@code FLOTILLA_PG_DIR} set, as deploy/local/test.sh does).
 */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@EnabledIfEnvironmentVariable(named = "FLOTILLA_PG_DIR", matches = ".+")
class AuditDatabaseOutageComponentTest {
  private static final int BEFORE = 30;
  private static final int DURING = 60;

  @Inject AgroalDataSource db;

  private static void postgres(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(new File("../deploy/local/postgres.sh").getAbsolutePath(), command)
            .inheritIO()
            .start();
    assertThat(p.waitFor()).as("postgres.sh " + command).isZero();
  }

  private long rows(String app) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("select count(*) from audit_log where app = ?")) {
      q.setString(1, app);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long firstSeq(String app) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("select min(seq) from audit_log where app = ?")) {
      q.setString(1, app);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static JsonPath health() {
    return given().get("/q/health").then().extract().jsonPath();
  }

  @Test
  void shouldStopReportDownAndCatchUpWithEveryEventOnceWhenTheDatabaseReturns() throws Exception {
    String app = "outage-" + UUID.randomUUID();
    List<CloudEvent<CommitDetected>> sent = new ArrayList<>();
    for (int i = 0; i < BEFORE; i++) {
      sent.add(TestEvents.commit(app, TestEvents.sha()));
      TestKafka.send(Topics.COMMITS, sent.get(i));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> rows(app) == BEFORE);

    postgres("stop");
    try {
      for (int i = 0; i < DURING; i++) {
        CloudEvent<CommitDetected> e = TestEvents.commit(app, TestEvents.sha());
        sent.add(e);
        TestKafka.send(Topics.COMMITS, e);
        if (i % 6 == 0) {
          TestKafka.send(Topics.COMMITS, sent.get(i)); // redeliveries, stored before or not
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                JsonPath h = health();
                assertThat(h.getString("status")).isEqualTo("DOWN");
                assertThat(h.getString("checks.find { it.name == 'audit-log writes' }.status"))
                    .isEqualTo("DOWN");
              });
    } finally {
      postgres("start");
    }

    await().atMost(Duration.ofSeconds(90)).until(() -> rows(app) == BEFORE + DURING);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(health().getString("status")).isEqualTo("UP"));
    assertThat(rows(app)).as("every event once").isEqualTo(sent.size());
    JsonPath verify =
        given()
            .queryParam("from", firstSeq(app))
            .get("/api/v1/audit/verify")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(verify.getBoolean("verified")).isTrue();
    assertThat(verify.getLong("entries")).isGreaterThanOrEqualTo(BEFORE + DURING);
  }
}
