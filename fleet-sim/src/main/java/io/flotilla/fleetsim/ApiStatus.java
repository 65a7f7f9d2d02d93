package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * Kubernetes {@code Status} failure bodies. The mock answers many failures (404, 405) with an empty
 * body; a real API server always sends a Status, and clients show its message to users.
 */
final class ApiStatus {
  private ApiStatus() {}

  static MockResponse failure(int code, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reasonOf(code));
    status.put("code", code);
    return new MockResponse().setResponseCode(code).setBody(status.toString());
  }

  /** 429 with {@code Retry-After} and {@code details.retryAfterSeconds}, as a real server sends. */
  static MockResponse throttled(String message, int retryAfterSeconds) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", "TooManyRequests");
    status.put("code", 429);
    MockResponse response = new MockResponse().setResponseCode(429);
    if (retryAfterSeconds >= 0) {
      status.putObject("details").put("retryAfterSeconds", retryAfterSeconds);
      response.addHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
    return response.setBody(status.toString());
  }

  static String reasonOf(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 415 -> "UnsupportedMediaType";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      default -> "Unknown";
    };
  }
}
