package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.app.RecordParser;
import io.flotilla.auditor.db.AuditWriter;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every filter of GET /api/v1/audit, and cursor pagination without duplicates or gaps. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditQueryComponentTest {
  private static final int EVENTS = 60;
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @Inject AuditWriter writer;

  private final RecordParser parser = new RecordParser(TestEvents.CODEC);
  private final List<Fixture> fixtures = new ArrayList<>();
  private String app;

  /** What one stored test event is, to compute each filter's expected answer. */
  record Fixture(
      String id,
      String type,
      String cluster,
      String revision,
      String actor,
      Instant time,
      String message) {}

  @BeforeEach
  void storeEvents() throws SQLException {
    app = "query-" + UUID.randomUUID();
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      Instant time = START.plusSeconds(60L * i);
      String sha = "rev" + (i % 5);
      Person who = i % 3 == 0 ? new Person("Bob Builder", "Bob@Example.com") : TestEvents.ALICE;
      CloudEvent<? extends FlotillaEvent> event;
      String message;
      if (i % 2 == 0) {
        message = "commit number " + i + (i % 10 == 0 ? " 100%_done" : "");
        event =
            envelope(
                "/flotilla/git-watcher/t",
                "io.flotilla.commit.detected.v1",
                time,
                new CommitDetected(app, "file:///r", "main", sha, null, who, who, message, time));
      } else {
        message = "bad manifest " + i;
        event =
            envelope(
                "/flotilla/renderer/t",
                "io.flotilla.render.failed.v1",
                time,
                new RenderFailed(app, "c" + (i % 4), sha, "a.yaml", 3, message, null));
      }
      records.add(parser.parse(Topics.COMMITS, TestEvents.CODEC.encode(event)));
      AuditRecord r = records.get(records.size() - 1);
      fixtures.add(
          new Fixture(event.id(), r.type(), r.cluster(), sha, r.actor(), time, r.message()));
    }
    // stored in three batches, as the consumer would
    writer.append(records.subList(0, 20));
    writer.append(records.subList(20, 45));
    writer.append(records.subList(45, EVENTS));
  }

  private static <T extends FlotillaEvent> CloudEvent<T> envelope(
      String source, String type, Instant time, T data) {
    return new CloudEvent<>(UUID.randomUUID().toString(), source, type, data.subject(), time, data);
  }

  private List<String> expected(Predicate<Fixture> filter, boolean ascending) {
    List<String> ids = new ArrayList<>();
    fixtures.stream().filter(filter).forEach(f -> ids.add(f.id()));
    if (!ascending) {
      java.util.Collections.reverse(ids);
    }
    return ids;
  }

  /** Every page of a search, following the cursor; the ids in the order received. */
  private List<String> allPages(Map<String, Object> query, int limit) {
    List<String> ids = new ArrayList<>();
    Map<String, Object> params = new HashMap<>(query);
    params.put("app", app);
    params.put("limit", limit);
    for (int pages = 0; pages < 1000; pages++) {
      Response r = given().queryParams(params).get("/api/v1/audit");
      assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
      List<String> page = r.jsonPath().getList("eventId");
      ids.addAll(page);
      String next = r.header("X-Next-Cursor");
      if (next == null) {
        assertThat(r.header("Link")).isNull();
        return ids;
      }
      assertThat(page).hasSize(limit);
      assertThat(r.header("Link")).contains("rel=\"next\"").contains("cursor=" + next);
      params.put("cursor", next);
    }
    throw new AssertionError("more than 1000 pages");
  }

  @Test
  void shouldPageThroughEverythingWithoutDuplicatesOrGapsInEitherOrder() {
    assertThat(allPages(Map.of(), 7)).containsExactlyElementsOf(expected(f -> true, false));
    assertThat(allPages(Map.of("order", "asc"), 7))
        .containsExactlyElementsOf(expected(f -> true, true));
    assertThat(allPages(Map.of(), EVENTS)).hasSize(EVENTS);
    assertThat(allPages(Map.of("cluster", "c1"), 4))
        .containsExactlyElementsOf(expected(f -> "c1".equals(f.cluster()), false));
  }

  @Test
  void shouldApplyEachFilterAndCombineThem() {
    Instant since = START.plusSeconds(60L * 10);
    Instant until = START.plusSeconds(60L * 20);
    Map<Map<String, Object>, Predicate<Fixture>> cases = new java.util.LinkedHashMap<>();
    cases.put(Map.of("cluster", "c3"), f -> "c3".equals(f.cluster()));
    cases.put(Map.of("revision", "rev2"), f -> f.revision().equals("rev2"));
    cases.put(Map.of("actor", "bob@example.COM"), f -> f.actor().startsWith("Bob"));
    cases.put(
        Map.of("actor", "alice example <ALICE@example.com>"), f -> f.actor().startsWith("Alice"));
    cases.put(Map.of("actor", "flotilla/renderer"), f -> f.actor().equals("flotilla/renderer"));
    cases.put(Map.of("type", "io.flotilla.render"), f -> f.type().startsWith("io.flotilla.render"));
    cases.put(Map.of("type", "io.flotilla."), f -> true);
    cases.put(Map.of("type", "io.flotilla.%"), f -> false);
    cases.put(Map.of("since", since.toString()), f -> !f.time().isBefore(since));
    cases.put(Map.of("until", until.toString()), f -> !f.time().isAfter(until));
    cases.put(
        Map.of("since", since.toString(), "until", until.toString(), "type", "io.flotilla.commit"),
        f ->
            !f.time().isBefore(since)
                && !f.time().isAfter(until)
                && f.type().startsWith("io.flotilla.commit"));
    cases.put(Map.of("q", "MANIFEST 1"), f -> f.message().contains("manifest 1"));
    cases.put(Map.of("q", "100%_done"), f -> f.message().contains("100%_done"));
    cases.put(Map.of("q", "0%_"), f -> f.message().contains("0%_"));
    cases.put(Map.of("since", "1h"), f -> false); // the fixtures happened in March
    cases.put(Map.of("until", "1h"), f -> true);
    cases.put(Map.of("cluster", "nowhere"), f -> false);
    cases.forEach(
        (query, filter) ->
            assertThat(allPages(query, 1000))
                .as(query.toString())
                .isEqualTo(expected(filter, false)));
  }

  @Test
  void shouldReturnEachEntryWithItsRecordedColumns() {
    Fixture last = fixtures.get(EVENTS - 1);
    Map<String, Object> entry =
        given()
            .queryParams(Map.of("app", app, "limit", 1))
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("[0]");
    assertThat(entry)
        .containsEntry("eventId", last.id())
        .containsEntry("type", "io.flotilla.render.failed.v1")
        .containsEntry("app", app)
        .containsEntry("cluster", last.cluster())
        .containsEntry("revision", last.revision())
        .containsEntry("actor", "flotilla/renderer")
        .containsEntry("message", last.message())
        .containsEntry("time", last.time().toString())
        .containsKeys("seq", "recordedAt", "prevHash", "hash", "event");
  }
}
