package io.flotilla.auditor.api;

import java.util.Map;

/** A request the API refuses; becomes a JSON {@link ApiError} with {@code status}. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String error;
  private final transient Map<String, ?> details;

  public ApiException(int status, String error, String message, Map<String, ?> details) {
    super(message);
    this.status = status;
    this.error = error;
    this.details = details;
  }

  /** A bad value of query parameter {@code parameter}. */
  public static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, "bad_request", message, Map.of("parameter", parameter));
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public Map<String, ?> details() {
    return details;
  }
}
