package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The auditor's REST API as a client sees it. */
final class AuditApi {
  private AuditApi() {}

  /** {@code GET /api/v1/audit} with these query parameters. */
  static JsonPath search(Map<String, ?> query) {
    return given()
        .queryParams(query)
        .when()
        .get("/api/v1/audit")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .extract()
        .jsonPath();
  }

  /** Waits until the search returns {@code n} entries, and returns them. */
  static List<Map<String, Object>> awaitEntries(Map<String, ?> query, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> search(query).getList("$"), entries -> entries.size() == n);
  }
}
