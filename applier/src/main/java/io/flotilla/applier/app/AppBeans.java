package io.flotilla.applier.app;

import io.flotilla.applier.domain.plan.PlanPolicy;
import io.flotilla.events.CloudEvent;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;

/** Wiring: the clock, the fleet in force, the lanes and the event source. */
public class AppBeans {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The fleet in force, read from {@code FLOTILLA_FLEET_REPO} at start-up and re-read by {@link
   * FleetRefresher}. A fleet that cannot be read at start-up stops the start: without it the
   * applier knows no cluster. Callers use {@code current()} on every use.
   */
  @Produces
  @Singleton
  LiveFleet fleet(ApplierConfig config) {
    LiveFleet live =
        new LiveFleet(
            new FleetLoader(new GitMirror(Path.of(config.cacheDir()))),
            config.fleet().repo(),
            config.fleet().ref());
    Fleet fleet = live.current();
    Log.infof(
        "fleet read at revision %s: %d clusters, %d apps",
        fleet.revision(), fleet.clusters().size(), fleet.apps().size());
    return live;
  }

  /** Each app's prune policy from the fleet in force; an unknown app never prunes. */
  @Produces
  @Singleton
  SyncPolicies policies(LiveFleet fleet) {
    return app ->
        fleet
            .current()
            .app(app)
            .map(a -> new PlanPolicy(a.syncPolicy().prune(), a.syncPolicy().allowEmpty()))
            .orElse(PlanPolicy.NO_PRUNE);
  }

  @Produces
  @Singleton
  PreparedBundles prepared() {
    return new PreparedBundles();
  }

  @Produces
  @Singleton
  ClusterLanes lanes(ApplierConfig config) {
    return new ClusterLanes(config.apply().parallelism(), config.cluster().maxInFlight());
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
