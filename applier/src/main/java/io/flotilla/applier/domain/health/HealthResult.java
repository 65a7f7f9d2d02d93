package io.flotilla.applier.domain.health;

/**
 * The health of one object, or of all objects of an app on a cluster.
 *
 * @param message what is wrong or pending, {@code ""} when healthy
 */
public record HealthResult(HealthStatus status, String message) {
  public static final HealthResult HEALTHY = new HealthResult(HealthStatus.HEALTHY, "");

  public HealthResult {
    message = message == null ? "" : message;
  }

  static HealthResult progressing(String message) {
    return new HealthResult(HealthStatus.PROGRESSING, message);
  }

  static HealthResult degraded(String message) {
    return new HealthResult(HealthStatus.DEGRADED, message);
  }
}
