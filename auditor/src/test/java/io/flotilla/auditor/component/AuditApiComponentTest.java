package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.flotilla.auditor.KafkaTopicsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a caller gets when it asks wrongly, and what operators get from health and metrics. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditApiComponentTest {

  @ParameterizedTest
  @ValueSource(strings = {"x", "0", "1001", "-5", "2.5"})
  void shouldAnswerABadLimitWithJson400(String limit) {
    given()
        .queryParam("limit", limit)
        .get("/api/v1/audit")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", equalTo("bad_request"))
        .body(
            "message", equalTo("limit must be an integer between 1 and 1000, got '" + limit + "'"))
        .body("details.parameter", equalTo("limit"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "colour=red|colour|unknown query parameter 'colour'",
        "since=yesterday|since|since: 'yesterday' is neither an ISO-8601 instant",
        "until=2026-13-01T00:00:00Z|until|until: '2026-13-01T00:00:00Z' is neither",
        "since=1h&until=2h|since|is after until",
        "order=sideways|order|order must be 'asc' or 'desc'",
        "cursor=!!!|cursor|cursor is not one this API returned",
        "cursor=djE6YXNjOjEw|cursor|this cursor continues an order=asc listing",
        "app=a&app=b|app|query parameter 'app' is given twice"
      })
  void shouldAnswerABadQueryWithJson400NamingTheParameter(
      String query, String parameter, String message) {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/audit?" + query)
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", equalTo("bad_request"))
        .body("message", containsString(message))
        .body("details.parameter", equalTo(parameter));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/audit/verify?from=x",
        "/api/v1/audit/verify?from=5&to=2",
        "/api/v1/audit/verify?since=1h",
        "/api/v1/audit/export?format=xml",
        "/api/v1/audit/export?limit=0",
        "/api/v1/history/guestbook?colour=red",
        "/api/v1/history/guestbook?limit=5000"
      })
  void shouldNeverAnswerUserInputWithA500(String path) {
    given()
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", equalTo("bad_request"));
  }

  @Test
  void shouldAnswerAnUnknownEventIdWithJson404() {
    String id = UUID.randomUUID().toString();
    given()
        .get("/api/v1/audit/" + id)
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", equalTo("not_found"))
        .body("message", equalTo("no audit entry for event id '" + id + "'"));
  }

  @Test
  void shouldAnswerAnUnknownPathWithJson404() {
    given()
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", equalTo("not_found"));
  }

  @Test
  void shouldReportKafkaChannelAndDatabaseInHealth() {
    given()
        .get("/q/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "SmallRye Reactive Messaging - readiness check",
                "SmallRye Reactive Messaging - liveness check",
                "Database connections health check",
                "audit-log writes"))
        .body(
            "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.audit",
            equalTo("[OK]"));
  }

  @Test
  void shouldExposeTheAuditorsMeters() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString("flotilla_events_stored_total"),
            containsString("flotilla_events_duplicate_total"),
            containsString("flotilla_events_deadlettered_total"),
            containsString("flotilla_processing_seconds_count"));
  }
}
