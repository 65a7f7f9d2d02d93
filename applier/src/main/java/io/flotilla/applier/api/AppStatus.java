package io.flotilla.applier.api;

import io.flotilla.applier.app.AppClusterState;
import io.flotilla.events.ResourceResult;
import java.time.Instant;
import java.util.List;

/** One application as {@code GET /api/v1/apps} shows it. */
public record AppStatus(String app, List<ClusterStatus> clusters) {

  /**
   * The application on one cluster.
   *
   * @param syncState {@code Unknown}, {@code Progressing}, {@code Synced}, {@code OutOfSync},
   *     {@code Paused}, {@code Failed} or {@code RenderFailed}
   * @param health Healthy, Progressing, Degraded, Missing or Unknown after the last sync; {@code
   *     null} before the first assessment
   * @param paused who paused it (or rolled it back, suspending automated sync) and why; {@code
   *     null} when nothing holds it
   * @param lastSyncAt when the last sync finished
   * @param targeted whether the fleet (as read at start-up) targets this cluster
   * @param lastHealthyRevision the last revision seen healthy on this cluster (what an automatic
   *     rollback goes back to); kept across restarts (read back from {@code flotilla.sync-results})
   */
  public record ClusterStatus(
      String cluster,
      boolean targeted,
      String desiredRevision,
      String appliedRevision,
      String syncState,
      String bundleHash,
      Instant lastSyncStartedAt,
      Instant lastSyncAt,
      String lastError,
      String paused,
      String health,
      String healthMessage,
      String lastHealthyRevision,
      int writes,
      List<ResourceResult> resources) {

    static ClusterStatus of(
        AppClusterState s,
        boolean targeted,
        String paused,
        io.flotilla.applier.domain.health.HealthResult health,
        String lastHealthyRevision) {
      return new ClusterStatus(
          s.cluster(),
          targeted,
          s.desiredRevision(),
          s.appliedRevision(),
          paused == null ? s.syncState().label() : "Paused",
          s.bundleHash(),
          s.lastSyncStarted(),
          s.lastSyncFinished(),
          s.lastError(),
          paused,
          health == null ? null : health.status().label(),
          health == null ? null : health.message(),
          lastHealthyRevision,
          s.writes(),
          s.resources());
    }
  }
}
