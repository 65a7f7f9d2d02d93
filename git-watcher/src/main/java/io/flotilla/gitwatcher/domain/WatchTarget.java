package io.flotilla.gitwatcher.domain;

import io.flotilla.fleet.Application;
import io.flotilla.fleet.Fleet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One (repo, branch) pair that is checked with a single {@code ls-remote} per poll. */
public record WatchTarget(String repoUrl, String branch) implements Comparable<WatchTarget> {

  /** The targets of a fleet, each with the applications that follow it (many, in a monorepo). */
  public static Map<WatchTarget, List<Application>> of(Fleet fleet) {
    return fleet.apps().values().stream()
        .collect(
            Collectors.groupingBy(
                a -> new WatchTarget(a.repoUrl(), a.ref()), TreeMap::new, Collectors.toList()));
  }

  @Override
  public int compareTo(WatchTarget o) {
    int c = repoUrl.compareTo(o.repoUrl);
    return c != 0 ? c : branch.compareTo(o.branch);
  }
}
