package io.flotilla.auditor;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every REST call of the auditor's tests carries the bearer token of {@code
 * src/test/resources/api-tokens} (unless it sets its own Authorization header), as a client of the
 * real service must; {@code AuditAuthComponentTest} checks what happens without it.
 */
public class AuthorizedRequests implements QuarkusTestBeforeEachCallback {
  public static final String TOKEN = "test-token-0123456789abcdef";

  private static final Filter BEARER =
      (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
          request.header("Authorization", "Bearer " + TOKEN);
        }
        return context.next(request, response);
      };

  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    RestAssured.replaceFiltersWith(BEARER);
  }
}
