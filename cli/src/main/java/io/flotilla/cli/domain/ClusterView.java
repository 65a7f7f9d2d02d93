package io.flotilla.cli.domain;

/**
 * One application on one cluster as the applier's {@code GET /api/v1/apps} shows it.
 *
 * @param health the health the applier assessed, or {@code null} when its API does not report one
 * @param paused who paused it (or rolled it back) and why, or {@code null}
 * @param lastSyncAt when the last sync finished (ISO-8601 text, compared as given), or {@code null}
 */
public record ClusterView(
    String app,
    String cluster,
    boolean targeted,
    String desiredRevision,
    String appliedRevision,
    String syncState,
    String health,
    String lastSyncAt,
    String lastError,
    String paused) {

  public boolean isPaused() {
    return paused != null || "Paused".equals(syncState);
  }

  /** Applied what is desired and nothing is wrong. */
  public boolean converged() {
    return desiredRevision != null
        && desiredRevision.equals(appliedRevision)
        && "Synced".equals(syncState);
  }

  public boolean failed() {
    return "Failed".equals(syncState) || "RenderFailed".equals(syncState);
  }
}
