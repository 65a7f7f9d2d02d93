package io.flotilla.events;

/**
 * Record keys. {@code flotilla.commits} is keyed by app; {@code flotilla.desired}, {@code
 * flotilla.sync-results} and {@code flotilla.drift} by {@code <cluster>/<app>} and partitioned by
 * the cluster part only (see {@link ClusterPartitioner}), so one partition owns a cluster.
 */
public final class Keys {
  private Keys() {}

  public static String of(FlotillaEvent event) {
    return event.cluster() == null ? event.app() : clusterApp(event.cluster(), event.app());
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
