package io.flotilla.applier.app;

/** The clusters of the fleet in force, by name: a client for each one that could be set up. */
public interface Clusters {

  Access access(String cluster);

  /**
   * Connects the clusters {@code fleet} added or changed and disconnects those it removed. A fixed
   * set of clusters (a test double) ignores it.
   */
  default void update(io.flotilla.fleet.Fleet fleet) {}

  /** Whether a cluster can be called. */
  sealed interface Access {}

  record Ready(ClusterClient client) implements Access {}

  /** The cluster cannot be called; {@code reason} says why without revealing credentials. */
  record Unavailable(String reason) implements Access {}
}
