package io.flotilla.applier.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the start-up replay of {@code flotilla.sync-results} is over: before that the instance
 * takes no desired state and its apps view and health history are incomplete. UP from then on, also
 * when the topic could not be read (the replay then ends at once, logged).
 */
@Readiness
@ApplicationScoped
public class SyncResultsReplayHealth implements HealthCheck {
  private final SyncResultsReplay replay;

  SyncResultsReplayHealth(SyncResultsReplay replay) {
    this.replay = replay;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("sync-results replayed")
        .status(replay.done().isDone())
        .build();
  }
}
