package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.auditor.AuthorizedRequests;
import io.flotilla.auditor.KafkaTopicsResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The audit and history endpoints want a bearer token; health and metrics do not. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditAuthComponentTest {

  @Test
  void auditEndpointsShouldRefuseRequestsWithoutAValidToken() {
    for (String path :
        new String[] {
          "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export", "/api/v1/history/web"
        }) {
      given()
          .noFilters() // no token at all
          .get(path)
          .then()
          .statusCode(401)
          .body("error", equalTo("unauthorized"))
          .body("message", containsString("Authorization: Bearer"));
      given()
          .header("Authorization", "Bearer not-a-known-token-at-all")
          .get(path)
          .then()
          .statusCode(401)
          .body("error", equalTo("unauthorized"));
    }
    given().get("/q/health/live").then().statusCode(200);
    given()
        .header("Authorization", "Bearer " + AuthorizedRequests.TOKEN)
        .get("/api/v1/audit/verify")
        .then()
        .statusCode(200);
  }
}
