package io.flotilla.fleetsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N simulated Kubernetes API servers ({@code sim-1} … {@code sim-N}) for tests, the demo and
 * benchmarks. Production code talks to them with an ordinary fabric8 client, server-side apply
 * included; see the module README for what is emulated and what is not.
 *
 * <pre>{@code
 * try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(3));
 *     KubernetesClient client = fleet.cluster("sim-1").newClient()) {
 *   client.resource(deployment).fieldManager("flotilla").forceConflicts().serverSideApply();
 * }
 * }</pre>
 */
public final class FleetSim implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSim.class);

  /**
   * The mock web server logs every request at INFO through java.util.logging; keep it (and Vert.x,
   * Netty) at WARNING. Held strongly so java.util.logging cannot forget the levels.
   */
  private static final List<java.util.logging.Logger> QUIETED =
      List.of(
          java.util.logging.Logger.getLogger("io.fabric8.mockwebserver"),
          java.util.logging.Logger.getLogger("io.vertx"),
          java.util.logging.Logger.getLogger("io.netty"));

  private final List<SimCluster> clusters;
  private final Map<String, SimCluster> byName;
  private final ScheduledExecutorService scheduler;
  private final StatsServer statsServer;

  private FleetSim(
      List<SimCluster> clusters, ScheduledExecutorService scheduler, StatsServer statsServer) {
    this.clusters = List.copyOf(clusters);
    this.byName = new LinkedHashMap<>();
    clusters.forEach(c -> byName.put(c.name(), c));
    this.scheduler = scheduler;
    this.statsServer = statsServer;
  }

  /**
   * Starts all clusters, writes their kubeconfig files when {@code options.outDir()} is set, and
   * starts the stats server when {@code options.statsPort() >= 0}. On failure everything already
   * started is stopped again.
   *
   * @throws UncheckedIOException when a kubeconfig cannot be written or the stats port is taken
   */
  public static FleetSim start(FleetSimOptions options) {
    QUIETED.forEach(l -> l.setLevel(Level.WARNING));
    Clock clock = Clock.systemUTC();
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-sim-status");
              t.setDaemon(true);
              return t;
            });
    StatusSimulator statusSimulator =
        new StatusSimulator(scheduler, options.statusDelayMs(), clock);
    List<SimCluster> started = new ArrayList<>();
    try {
      for (int i = 1; i <= options.clusters(); i++) {
        started.add(SimCluster.start("sim-" + i, options, scheduler, statusSimulator, clock));
      }
      if (options.outDir() != null) {
        writeKubeconfigs(options.outDir(), started);
      }
      StatsServer stats = null;
      if (options.statsPort() >= 0) {
        stats =
            StatsServer.start(
                options.statsPort(),
                () -> statsOf(started),
                () -> started.forEach(SimCluster::resetCounts),
                name ->
                    started.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null));
      }
      LOG.info("fleet-sim started {} clusters: {}", started.size(), started);
      return new FleetSim(started, scheduler, stats);
    } catch (IOException | RuntimeException e) {
      stop(null, started, scheduler);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("fleet-sim could not start: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void writeKubeconfigs(Path dir, List<SimCluster> clusters) throws IOException {
    for (SimCluster c : clusters) {
      AtomicFiles.write(c.kubeconfig(), Kubeconfigs.render(List.of(c)));
    }
    AtomicFiles.write(dir.resolve(Kubeconfigs.COMBINED), Kubeconfigs.render(clusters));
  }

  /** All clusters, {@code sim-1} first. */
  public List<SimCluster> clusters() {
    return clusters;
  }

  /**
   * The cluster called {@code name}.
   *
   * @throws IllegalArgumentException naming the cluster when there is none by that name
   */
  public SimCluster cluster(String name) {
    SimCluster c = byName.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no simulated cluster '" + name + "'; this fleet has " + byName.keySet());
    }
    return c;
  }

  /** Request counts per cluster name, in order {@code sim-1} … {@code sim-N}. */
  public Map<String, RequestCounts> stats() {
    return statsOf(clusters);
  }

  private static Map<String, RequestCounts> statsOf(List<SimCluster> clusters) {
    Map<String, RequestCounts> stats = new LinkedHashMap<>();
    clusters.forEach(c -> stats.put(c.name(), c.counts()));
    return Collections.unmodifiableMap(stats);
  }

  /** Zeroes every cluster's counters. */
  public void resetStats() {
    clusters.forEach(SimCluster::resetCounts);
  }

  /** The port of the stats server, or -1 when none is served. */
  public int statsPort() {
    return statsServer == null ? FleetSimOptions.NO_STATS : statsServer.port();
  }

  /** Stops the stats server, every cluster and the status simulator. Files are left in place. */
  @Override
  public void close() {
    stop(statsServer, clusters, scheduler);
  }

  /** Stops everything it is given; one part failing to stop does not keep the others running. */
  private static void stop(
      StatsServer stats, List<SimCluster> clusters, ScheduledExecutorService scheduler) {
    if (stats != null) {
      stats.close();
    }
    for (SimCluster c : clusters) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.error("{}: stopping the simulated API server failed", c.name(), e);
      }
    }
    scheduler.shutdownNow();
  }
}
