package io.flotilla.applier.domain.control;

/**
 * What a control command covers: an app on a cluster, an app everywhere, a cluster for every app,
 * or (both {@code null}) the whole fleet.
 */
public record Scope(String app, String cluster) {
  public static final Scope ALL = new Scope(null, null);

  public Scope {
    app = app == null || app.isBlank() ? null : app;
    cluster = cluster == null || cluster.isBlank() ? null : cluster;
  }

  /** Whether this scope includes {@code app} on {@code cluster}. */
  public boolean covers(String app, String cluster) {
    return (this.app == null || this.app.equals(app))
        && (this.cluster == null || this.cluster.equals(cluster));
  }

  /** Whether this scope includes every pair {@code other} does. */
  public boolean covers(Scope other) {
    return (app == null || app.equals(other.app))
        && (cluster == null || cluster.equals(other.cluster));
  }

  /**
   * {@code everything}, {@code app guestbook}, {@code cluster prod-1}, {@code guestbook on prod-1}.
   */
  public String describe() {
    if (app == null && cluster == null) {
      return "everything";
    }
    if (app == null) {
      return "cluster " + cluster;
    }
    return cluster == null ? "app " + app : app + " on " + cluster;
  }
}
