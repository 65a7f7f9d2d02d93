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
 * @param policies the policies of {@code policies/}, by name
 * @param keys the armored OpenPGP public keys of {@code keys/}, by repo path (e.g. {@code
 *     keys/alice.asc})
 */
public record Fleet(
    String revision,
    SortedMap<String, Cluster> clusters,
    SortedMap<String, Application> apps,
    SortedMap<String, Policy> policies,
    SortedMap<String, String> keys) {
  public Fleet {
    clusters = new TreeMap<>(clusters);
    apps = new TreeMap<>(apps);
    policies = new TreeMap<>(policies);
    keys = new TreeMap<>(keys);
  }

  public static Fleet of(
      String revision, Map<String, Cluster> clusters, Map<String, Application> apps) {
    return of(revision, clusters, apps, Map.of(), Map.of());
  }

  public static Fleet of(
      String revision,
      Map<String, Cluster> clusters,
      Map<String, Application> apps,
      Map<String, Policy> policies,
      Map<String, String> keys) {
    return new Fleet(
        revision,
        new TreeMap<>(clusters),
        new TreeMap<>(apps),
        new TreeMap<>(policies),
        new TreeMap<>(keys));
  }

  /** The clusters {@code app} targets, by name. */
  public List<Cluster> targets(Application app) {
    return clusters.values().stream().filter(c -> app.selector().matches(c.labels())).toList();
  }

  /**
   * Whether the fleet declares {@code app} and the app's selector matches cluster {@code cluster}.
   */
  public boolean targets(String app, String cluster) {
    Cluster target = clusters.get(cluster);
    return target != null && app(app).map(a -> a.selector().matches(target.labels())).orElse(false);
  }

  /**
   * What is valid but probably not meant: each application whose selector matches no cluster (it is
   * deployed nowhere). A warning, not an error: a fleet may declare an app before its clusters.
   */
  public List<String> warnings() {
    return apps.values().stream()
        .filter(a -> targets(a).isEmpty())
        .map(
            a ->
                "application '"
                    + a.name()
                    + "': spec.destination.clusterSelector matches no cluster of the fleet; it is"
                    + " deployed nowhere")
        .toList();
  }

  public Optional<Application> app(String name) {
    return Optional.ofNullable(apps.get(name));
  }

  public Optional<Cluster> cluster(String name) {
    return Optional.ofNullable(clusters.get(name));
  }
}
