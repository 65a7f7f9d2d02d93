package io.flotilla.events;

/**
 * Record keys. {@code flotilla.commits} is keyed by app; {@code flotilla.desired}, {@code
 * flotilla.sync-results} and {@code flotilla.drift} by {@code <cluster>/<app>} and partitioned by
 * the cluster part only (see {@link ClusterPartitioner}), so one partition owns a cluster.
 */
public final class Keys {
  private Keys() {}

  /**
   * The key of {@code event}: {@code <app>}, {@code <cluster>/<app>}, or {@code *} in place of the
   * app for fleet-wide events.
   */
  public static String of(FlotillaEvent event) {
    String app = event.app() == null ? "*" : event.app();
    return event.cluster() == null ? app : clusterApp(event.cluster(), app);
  }

  public static String clusterApp(String cluster, String app) {
    return cluster + "/" + app;
  }

  /** The cluster part of a {@code <cluster>/<app>} key; the whole key when it has no slash. */
  public static String clusterOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }
}
