package io.flotilla.applier.app;

/** The clusters of the fleet, by name: a client for each one that could be set up. */
public interface Clusters {

  Access access(String cluster);

  /** Whether a cluster can be called. */
  sealed interface Access {}

  record Ready(ClusterClient client) implements Access {}

  /** The cluster cannot be called; {@code reason} says why without revealing credentials. */
  record Unavailable(String reason) implements Access {}
}
