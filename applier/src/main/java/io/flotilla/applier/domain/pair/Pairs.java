package io.flotilla.applier.domain.pair;

import java.util.List;

/** The desired objects with their live state, and the orphans (prune candidates). */
public record Pairs(List<Pair> pairs, List<Orphan> orphans) {
  public Pairs {
    pairs = List.copyOf(pairs);
    orphans = List.copyOf(orphans);
  }
}
