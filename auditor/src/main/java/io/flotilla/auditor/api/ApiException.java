package io.flotilla.auditor.api;

/** A request the API refuses; becomes a JSON {@link ApiError} with {@code status}. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String error;

  public ApiException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
