package io.flotilla.fleet;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two fleets, by name. A pure function of the two fleets.
 *
 * @param policiesChanged some policy was added, changed or removed
 */
public record FleetDiff(
    String fromRevision,
    String toRevision,
    List<String> appsAdded,
    List<String> appsChanged,
    List<String> appsRemoved,
    List<String> clustersAdded,
    List<String> clustersChanged,
    List<String> clustersRemoved,
    boolean policiesChanged) {

  public static FleetDiff between(Fleet from, Fleet to) {
    return new FleetDiff(
        from == null ? null : from.revision(),
        to.revision(),
        added(from == null ? Map.of() : from.apps(), to.apps()),
        changed(from == null ? Map.of() : from.apps(), to.apps()),
        added(to.apps(), from == null ? Map.of() : from.apps()),
        added(from == null ? Map.of() : from.clusters(), to.clusters()),
        changed(from == null ? Map.of() : from.clusters(), to.clusters()),
        added(to.clusters(), from == null ? Map.of() : from.clusters()),
        from == null
            ? !to.policies().isEmpty()
            : !from.policies().equals(to.policies()) || !from.keys().equals(to.keys()));
  }

  /** Nothing a consumer would act on changed (e.g. only a README was edited). */
  public boolean isEmpty() {
    return appsAdded.isEmpty()
        && appsChanged.isEmpty()
        && appsRemoved.isEmpty()
        && clustersAdded.isEmpty()
        && clustersChanged.isEmpty()
        && clustersRemoved.isEmpty()
        && !policiesChanged;
  }

  private static List<String> added(Map<String, ?> before, Map<String, ?> after) {
    return after.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList();
  }

  private static List<String> changed(Map<String, ?> before, Map<String, ?> after) {
    return after.keySet().stream()
        .filter(k -> before.containsKey(k) && !Objects.equals(before.get(k), after.get(k)))
        .sorted()
        .toList();
  }
}
