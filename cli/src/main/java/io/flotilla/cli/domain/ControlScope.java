package io.flotilla.cli.domain;

import java.util.List;

/**
 * What a pause or resume covers: one app (on one cluster or all its clusters), one cluster (every
 * app on it), or everything; and whether the applier shows it acknowledged. Pure.
 */
public record ControlScope(String app, String cluster, boolean all) {

  public boolean covers(ClusterView c) {
    if (all) {
      return true;
    }
    return (app == null || app.equals(c.app())) && (cluster == null || cluster.equals(c.cluster()));
  }

  /**
   * The targeted (app, cluster) pairs in scope the applier does not yet show as asked: for a pause,
   * those not held by a pause; for a resume, those still held by anything (a resume lifts pauses
   * and rollback suspensions within its scope, but not a broader pause, e.g. one of {@code --all}).
   */
  public List<ClusterView> notYet(List<ClusterView> views, boolean pausing) {
    return views.stream()
        .filter(ClusterView::targeted)
        .filter(this::covers)
        .filter(c -> pausing ? !pausedByPause(c) : c.isPaused())
        .toList();
  }

  public List<ClusterView> inScope(List<ClusterView> views) {
    return views.stream().filter(ClusterView::targeted).filter(this::covers).toList();
  }

  /** Held by a pause, not only by a rollback's suspension (described as "rolled back to …"). */
  static boolean pausedByPause(ClusterView c) {
    return c.paused() != null ? c.paused().startsWith("paused") : "Paused".equals(c.syncState());
  }

  public String describe() {
    if (all || (app == null && cluster == null)) {
      return "every app on every cluster";
    }
    if (app == null) {
      return "every app on cluster " + cluster;
    }
    return cluster == null ? "app " + app + " on all its clusters" : app + " on " + cluster;
  }
}
