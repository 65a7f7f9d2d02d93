package io.flotilla.applier.app;

import io.flotilla.events.CloudEvent;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitMirror;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;

/** Wiring: the clock, the fleet (read once at start-up), the lanes and the event source. */
public class AppBeans {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The fleet, read from {@code FLOTILLA_FLEET_REPO} at start-up. A fleet that cannot be read stops
   * the start: without it the applier knows no cluster.
   */
  @Produces
  @Singleton
  Fleet fleet(ApplierConfig config) {
    Fleet fleet =
        new FleetLoader(new GitMirror(Path.of(config.cacheDir())))
            .load(config.fleet().repo(), config.fleet().ref());
    Log.infof(
        "fleet read at revision %s: %d clusters, %d apps",
        fleet.revision(), fleet.clusters().size(), fleet.apps().size());
    return fleet;
  }

  @Produces
  @Singleton
  ClusterLanes lanes(ApplierConfig config) {
    return new ClusterLanes(config.apply().parallelism());
  }

  void closeLanes(@Disposes ClusterLanes lanes) {
    lanes.close();
  }

  @Produces
  @Singleton
  AsyncPermits inFlight(ApplierConfig config) {
    return new AsyncPermits(config.apply().maxInFlight());
  }

  /** The CloudEvents {@code source} of what this instance emits: {@code /flotilla/applier/<i>}. */
  @Produces
  @Singleton
  EventSource eventSource(ApplierConfig config) {
    return new EventSource(
        CloudEvent.source("applier", config.instance().orElseGet(AppBeans::host)));
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "applier");
    }
  }
}
