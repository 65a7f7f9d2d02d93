package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestDb;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.TestKafka;
import io.flotilla.events.AccessDenied;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FleetChanged;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.Person;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every kind of event lands once with the right columns; Secret data never reaches a row or a
 * response; the history tells who deployed what where, and where a rollback went.
 */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditEventTypesComponentTest {
  private static final String SECRET_VALUE = "hunter2-" + UUID.randomUUID();
  private static final Person BOB = new Person("Bob Example", "bob@example.com");

  private static <T extends FlotillaEvent> CloudEvent<T> event(
      String service, String type, Instant time, T data) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "/flotilla/" + service + "/t",
        type,
        data.subject(),
        time,
        data);
  }

  private static CloudEvent<SyncCompleted> sync(
      String app, String sha, Instant time, SyncCompleted.Status status) {
    return event(
        "applier",
        "io.flotilla.sync.completed.v1",
        time,
        new SyncCompleted(
            app,
            "prod-eu-1",
            sha,
            "ab".repeat(32),
            status,
            List.of(
                new ResourceResult("v1", "Secret", app, "db", ResourceResult.Outcome.CREATED, "")),
            1,
            time,
            time,
            TestEvents.ALICE));
  }

  @Test
  void shouldRecordEveryKindOfEventOnceAndKeepSecretsOutAndTellTheHistory() throws Exception {
    String app = "types-" + UUID.randomUUID();
    String v1 = TestEvents.sha();
    String v2 = TestEvents.sha();
    String fleetSha = TestEvents.sha();
    Instant t = Instant.parse("2026-11-26T14:00:00Z");
    CloudEvent<CommitDetected> commit1 = TestEvents.commit(app, v1);
    CloudEvent<CommitDetected> commit2 = TestEvents.commit(app, v2);
    CloudEvent<DesiredState> desired =
        TestEvents.desiredWith(
            app,
            "prod-eu-1",
            v2,
            List.of(
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "Secret",
                    "metadata",
                    Map.of("name", "db", "namespace", app),
                    "stringData",
                    Map.of("password", SECRET_VALUE))));
    CloudEvent<SyncCompleted> sync1 = sync(app, v1, t, SyncCompleted.Status.SYNCED);
    CloudEvent<SyncCompleted> sync2 = sync(app, v2, t.plusSeconds(60), SyncCompleted.Status.FAILED);
    CloudEvent<RollbackRequested> rollback =
        event(
            "applier",
            "io.flotilla.rollback.requested.v1",
            t.plusSeconds(120),
            new RollbackRequested(
                app,
                "prod-eu-1",
                v1,
                false,
                "v2 breaks checkout",
                "ops-admin",
                t.plusSeconds(120)));
    CloudEvent<SyncCompleted> sync3 =
        sync(app, v1, t.plusSeconds(180), SyncCompleted.Status.SYNCED);
    CloudEvent<PauseRequested> pause =
        event(
            "applier",
            "io.flotilla.pause.requested.v1",
            t.plusSeconds(240),
            new PauseRequested(
                app, null, false, "freeze for the sale", "ops-admin", t.plusSeconds(240)));
    CloudEvent<FleetChanged> fleet =
        event(
            "git-watcher",
            "io.flotilla.fleet.changed.v1",
            t,
            new FleetChanged(
                "file:///fleet",
                "main",
                null,
                fleetSha,
                List.of(app),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                false,
                BOB,
                "add " + app,
                t));

    TestKafka.send(Topics.COMMITS, fleet);
    TestKafka.send(Topics.COMMITS, commit1);
    TestKafka.send(Topics.SYNC_RESULTS, sync1);
    TestKafka.send(Topics.COMMITS, commit2);
    TestKafka.send(Topics.DESIRED, desired);
    TestKafka.send(Topics.DESIRED, desired); // redelivered
    TestKafka.send(Topics.SYNC_RESULTS, sync2);
    TestKafka.send(Topics.CONTROL, rollback);
    TestKafka.send(Topics.SYNC_RESULTS, sync3);
    TestKafka.send(Topics.CONTROL, pause);
    TestKafka.send(Topics.CONTROL, pause); // redelivered

    List<Map<String, Object>> entries = AuditApi.awaitEntries(Map.of("app", app), 8);
    Map<Object, Map<String, Object>> byId =
        entries.stream().collect(Collectors.toMap(e -> e.get("eventId"), e -> e));
    assertThat(byId.get(commit1.id()))
        .containsEntry("revision", v1)
        .containsEntry("cluster", null)
        .containsEntry("actor", "Alice Example <alice@example.com>")
        .containsEntry("message", "scale to 3 replicas\n");
    assertThat(byId.get(desired.id()))
        .containsEntry("cluster", "prod-eu-1")
        .containsEntry("revision", v2)
        .containsEntry("actor", "Alice Example <alice@example.com>");
    assertThat(byId.get(sync2.id()))
        .containsEntry("message", "status: failed")
        .containsEntry("actor", "Alice Example <alice@example.com>");
    assertThat(byId.get(rollback.id()))
        .containsEntry("type", "io.flotilla.rollback.requested.v1")
        .containsEntry("topic", Topics.CONTROL)
        .containsEntry("cluster", "prod-eu-1")
        .containsEntry("revision", v1)
        .containsEntry("actor", "ops-admin")
        .containsEntry("message", "v2 breaks checkout");
    assertThat(byId.get(pause.id()))
        .containsEntry("cluster", null)
        .containsEntry("actor", "ops-admin")
        .containsEntry("message", "freeze for the sale");
    List<Map<String, Object>> fleetRows =
        AuditApi.search(Map.of("revision", fleetSha)).getList("$");
    assertThat(fleetRows).hasSize(1);
    assertThat(fleetRows.get(0))
        .containsEntry("app", null)
        .containsEntry("type", "io.flotilla.fleet.changed.v1")
        .containsEntry("actor", "Bob Example <bob@example.com>")
        .containsEntry("message", "add " + app);

    assertSecretNowhere(app, desired.id());
    assertHistory(app, v1, v2, sync1, sync2, rollback, sync3);
  }

  private void assertSecretNowhere(String app, String desiredId) throws SQLException {
    try (Connection c = TestDb.superuser()) {
      for (String table : List.of("audit_log", "audit_bundle", "audit_event")) {
        try (PreparedStatement q =
            c.prepareStatement("select count(*) from " + table + " t where t::text like ?")) {
          q.setString(1, "%" + SECRET_VALUE + "%");
          try (ResultSet rs = q.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows of %s holding the secret", table).isZero();
          }
        }
      }
    }
    String one =
        given().get("/api/v1/audit/" + desiredId).then().statusCode(200).extract().asString();
    assertThat(one).doesNotContain(SECRET_VALUE);
    JsonPath entry = JsonPath.from(one);
    assertThat(entry.getString("bundle[0].stringData.password"))
        .isEqualTo("sha256:" + EventCodec.sha256(SECRET_VALUE));
    assertThat(entry.getString("bundle[0].metadata.name")).isEqualTo("db");
    assertThat(entry.getString("bundleHash")).matches("[0-9a-f]{64}");
    assertThat(entry.getString("event.data.resources")).isNull();
    assertThat(given().queryParam("app", app).get("/api/v1/audit").asString())
        .doesNotContain(SECRET_VALUE);
    assertThat(given().queryParam("app", app).get("/api/v1/audit/export").asString())
        .doesNotContain(SECRET_VALUE);
  }

  private void assertHistory(
      String app,
      String v1,
      String v2,
      CloudEvent<SyncCompleted> sync1,
      CloudEvent<SyncCompleted> sync2,
      CloudEvent<RollbackRequested> rollback,
      CloudEvent<SyncCompleted> sync3) {
    JsonPath history =
        given()
            .queryParam("cluster", "prod-eu-1")
            .get("/api/v1/history/" + app)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(history.getList("entries.eventId"))
        .containsExactly(sync3.id(), rollback.id(), sync2.id(), sync1.id());
    assertThat(history.getMap("entries[0]"))
        .containsEntry("kind", "sync")
        .containsEntry("revision", v1)
        .containsEntry("outcome", "synced")
        .containsEntry("author", "Alice Example <alice@example.com>")
        .containsEntry("message", "scale to 3 replicas\n")
        .containsEntry("time", "2026-11-26T14:03:00Z");
    assertThat(history.getMap("entries[1]"))
        .containsEntry("kind", "rollback")
        .containsEntry("rollbackTo", v1)
        .containsEntry("author", "ops-admin")
        .containsEntry("message", "v2 breaks checkout");
    assertThat(history.getMap("entries[2]"))
        .containsEntry("revision", v2)
        .containsEntry("outcome", "failed");
    // what ran in prod-eu-1 at 14:00:30, and who put it there
    JsonPath at =
        given()
            .queryParams(
                Map.of("cluster", "prod-eu-1", "until", "2026-11-26T14:00:30Z", "limit", 1))
            .get("/api/v1/history/" + app)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(at.getList("entries.revision")).containsExactly(v1);
  }

  @Test
  void shouldRecordARefusedRequestWithTheCallersAddressAsActor() {
    String remote = "192.0.2.7:" + (20000 + new java.util.Random().nextInt(40000));
    Instant t = Instant.parse("2026-11-26T15:00:00Z");
    CloudEvent<AccessDenied> denied =
        event(
            "auditor",
            "io.flotilla.access.denied.v1",
            t,
            new AccessDenied(
                "auditor", "GET", "/api/v1/audit", remote, AccessDenied.MISSING_TOKEN, t, 0));
    TestKafka.send(Topics.CONTROL, denied);

    String actor = "anonymous@" + remote;
    Map<String, Object> entry = AuditApi.awaitEntries(Map.of("actor", actor), 1).get(0);
    assertThat(entry)
        .containsEntry("eventId", denied.id())
        .containsEntry("type", "io.flotilla.access.denied.v1")
        .containsEntry("topic", Topics.CONTROL)
        .containsEntry("actor", actor)
        .containsEntry("message", AccessDenied.MISSING_TOKEN)
        .containsEntry("app", null)
        .containsEntry("cluster", null);
    assertThat(
            AuditApi.search(Map.of("type", "io.flotilla.access", "actor", actor))
                .getList("eventId"))
        .containsExactly(denied.id());
  }
}
