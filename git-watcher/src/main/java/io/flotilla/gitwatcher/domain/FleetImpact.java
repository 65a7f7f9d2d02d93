package io.flotilla.gitwatcher.domain;

import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetDiff;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which applications a fleet change concerns, so that their current commit is announced again and
 * rendered for their new spec or new target clusters. Pure.
 */
public final class FleetImpact {
  private FleetImpact() {}

  /**
   * Apps present in both fleets whose rendering may differ: their spec changed, their target
   * clusters changed, a cluster they target changed (labels select overrides), or policies changed
   * (a policy may now pass or deny them). New apps are not listed: they are announced as first
   * sightings anyway.
   */
  public static Set<String> appsToReannounce(Fleet previous, Fleet next, FleetDiff diff) {
    Set<String> out = new TreeSet<>();
    for (Application app : next.apps().values()) {
      Application before = previous.apps().get(app.name());
      if (before == null) {
        continue;
      }
      List<Cluster> targetsNow = next.targets(app);
      if (diff.policiesChanged()
          || !before.equals(app)
          || !names(previous.targets(before)).equals(names(targetsNow))
          || targetsNow.stream()
              .anyMatch(c -> !Objects.equals(previous.clusters().get(c.name()), c))) {
        out.add(app.name());
      }
    }
    return out;
  }

  private static List<String> names(List<Cluster> clusters) {
    return clusters.stream().map(Cluster::name).toList();
  }
}
