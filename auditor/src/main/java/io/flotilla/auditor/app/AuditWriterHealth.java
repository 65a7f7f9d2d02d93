package io.flotilla.auditor.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the audit log refuses writes (PostgreSQL unavailable): the auditor has stopped
 * consuming and is retrying; UP again once a batch is stored.
 */
@Readiness
@ApplicationScoped
public class AuditWriterHealth implements HealthCheck {
  private final AuditRecorder recorder;

  AuditWriterHealth(AuditRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public HealthCheckResponse call() {
    String failure = recorder.failure();
    return HealthCheckResponse.named("audit-log writes")
        .status(failure == null)
        .withData("lastError", failure == null ? "" : failure)
        .build();
  }
}
