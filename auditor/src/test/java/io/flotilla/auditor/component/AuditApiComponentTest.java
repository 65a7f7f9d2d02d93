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
            "message", equalTo("limit must be an integer between 1 and 1000, got '" + limit + "'"));
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
                "Reactive PostgreSQL connections health check"))
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
