package io.flotilla.gitwatcher.domain;

import io.flotilla.fleet.Application;
import io.flotilla.fleet.Fleet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One repository, checked with at most one {@code ls-remote} per poll however many applications
 * (and refs) follow it.
 *
 * @param repoUrl the repository
 * @param apps the applications whose source is this repository
 */
public record WatchTarget(String repoUrl, List<Application> apps) {

  public WatchTarget {
    apps = List.copyOf(apps);
  }

  /** The targets of a fleet, one per distinct repository URL, in URL order. */
  public static List<WatchTarget> of(Fleet fleet) {
    Map<String, List<Application>> byRepo =
        fleet.apps().values().stream()
            .collect(
                Collectors.groupingBy(Application::repoUrl, TreeMap::new, Collectors.toList()));
    return byRepo.entrySet().stream().map(e -> new WatchTarget(e.getKey(), e.getValue())).toList();
  }

  /** Whether a poll must list the remote's refs: false when every app pins a commit. */
  public boolean needsRemoteRefs() {
    return apps.stream().anyMatch(a -> RefResolver.needsRemoteRefs(a.refType()));
  }
}
