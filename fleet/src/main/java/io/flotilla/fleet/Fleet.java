package io.flotilla.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One consistent view of the fleet repo at one revision.
 *
 * @param revision the fleet repo commit this view was read from
 */
public record Fleet(
    String revision, SortedMap<String, Cluster> clusters, SortedMap<String, Application> apps) {
  public Fleet {
    clusters = new TreeMap<>(clusters);
    apps = new TreeMap<>(apps);
  }

  public static Fleet of(
      String revision, Map<String, Cluster> clusters, Map<String, Application> apps) {
    return new Fleet(revision, new TreeMap<>(clusters), new TreeMap<>(apps));
  }

  /** The clusters {@code app} targets, by name. */
  public List<Cluster> targets(Application app) {
    return clusters.values().stream().filter(c -> app.selector().matches(c.labels())).toList();
  }

  /**
   * Whether the fleet declares {@code app} and the app's selector matches cluster {@code cluster}.
   */
  public boolean targets(String app, String cluster) {
    return app(app)
        .map(a -> targets(a).stream().anyMatch(c -> c.name().equals(cluster)))
        .orElse(false);
  }

  public Optional<Application> app(String name) {
    return Optional.ofNullable(apps.get(name));
  }

  public Optional<Cluster> cluster(String name) {
    return Optional.ofNullable(clusters.get(name));
  }
}
