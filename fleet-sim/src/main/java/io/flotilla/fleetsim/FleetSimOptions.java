package io.flotilla.fleetsim;

import java.nio.file.Path;

/**
 * How to start a {@link FleetSim}.
 *
 * @param clusters number of simulated API servers, named {@code sim-1} to {@code sim-N}; 1 to
 *     {@value #MAX_CLUSTERS}
 * @param outDir where kubeconfig files are written; {@code null} writes none (library use, where
 *     {@link SimCluster#newClient()} or {@link SimCluster#url()} is enough)
 * @param latencyMs delay added before every HTTP response is sent (watch streams excepted); 0 for
 *     none
 * @param statusDelayMs how long after a Deployment or StatefulSet spec change its simulated status
 *     catches up
 * @param statsPort port of the stats HTTP server on 127.0.0.1; 0 picks a free port, -1 serves none
 */
public record FleetSimOptions(
    int clusters, Path outDir, long latencyMs, long statusDelayMs, int statsPort) {

  /** Upper bound on clusters: each one is an HTTP server with its own event loop. */
  public static final int MAX_CLUSTERS = 500;

  /** Default {@link #statusDelayMs()}. */
  public static final long DEFAULT_STATUS_DELAY_MS = 200;

  /** {@link #statsPort()} value meaning "no stats server". */
  public static final int NO_STATS = -1;

  public FleetSimOptions {
    if (clusters < 1 || clusters > MAX_CLUSTERS) {
      throw new IllegalArgumentException(
          "clusters must be between 1 and " + MAX_CLUSTERS + ", was " + clusters);
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must be >= 0, was " + latencyMs);
    }
    if (statusDelayMs < 0) {
      throw new IllegalArgumentException("statusDelayMs must be >= 0, was " + statusDelayMs);
    }
    if (statsPort < NO_STATS || statsPort > 65_535) {
      throw new IllegalArgumentException(
          "statsPort must be -1 (none), 0 (any free port) or a port number, was " + statsPort);
    }
  }

  /**
   * {@code clusters} clusters, no kubeconfig files, no latency, a 200 ms status delay, no stats
   * server.
   */
  public static FleetSimOptions defaults(int clusters) {
    return new FleetSimOptions(clusters, null, 0, DEFAULT_STATUS_DELAY_MS, NO_STATS);
  }

  public FleetSimOptions withClusters(int clusters) {
    return new FleetSimOptions(clusters, outDir, latencyMs, statusDelayMs, statsPort);
  }

  public FleetSimOptions withOutDir(Path outDir) {
    return new FleetSimOptions(clusters, outDir, latencyMs, statusDelayMs, statsPort);
  }

  public FleetSimOptions withLatencyMs(long latencyMs) {
    return new FleetSimOptions(clusters, outDir, latencyMs, statusDelayMs, statsPort);
  }

  public FleetSimOptions withStatusDelayMs(long statusDelayMs) {
    return new FleetSimOptions(clusters, outDir, latencyMs, statusDelayMs, statsPort);
  }

  public FleetSimOptions withStatsPort(int statsPort) {
    return new FleetSimOptions(clusters, outDir, latencyMs, statusDelayMs, statsPort);
  }
}
