package io.flotilla.applier.app;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Keeps the fleet in force current: checks the fleet branch every {@code
 * FLOTILLA_FLEET_REFRESH_INTERVAL}, at once when git-watcher announces that it moved, and at once
 * when a record names an (app, cluster) the fleet in force does not target. When the fleet changed,
 * {@link Clusters#update} connects new clusters and drops removed ones, so a cluster added to the
 * fleet repo is synced without a restart, and a {@link FleetInForce} event tells the rest (the
 * Kafka adapter rebalances the partitions by the new fleet's pairs).
 *
 * <p>An unreadable fleet repo or an invalid fleet revision leaves the fleet in force as it is (and
 * is logged once per failure); the applier keeps serving the clusters it knows.
 */
@ApplicationScoped
public class FleetRefresher {
  private final LiveFleet fleet;
  private final Clusters clusters;
  private final Event<FleetInForce> changes;
  private long lastRefreshStarted = Long.MIN_VALUE;
  private String lastProblem;

  @Inject
  public FleetRefresher(LiveFleet fleet, Clusters clusters, Event<FleetInForce> changes) {
    this.fleet = fleet;
    this.clusters = clusters;
    this.changes = changes;
  }

  @Scheduled(
      every = "${flotilla.fleet.refresh-interval:10s}",
      delayed = "${flotilla.fleet.refresh-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    refresh(System.nanoTime());
  }

  /**
   * Whether the fleet targets {@code app} on {@code cluster}, checking the fleet branch once more
   * before saying no. Concurrent callers share one check: a caller that waited while another
   * refreshed does not refresh again.
   */
  public boolean targets(String app, String cluster) {
    if (fleet.current().targets(app, cluster)) {
      return true;
    }
    return refresh(System.nanoTime()).targets(app, cluster);
  }

  /** Whether the fleet has this app, checking the fleet branch once more before saying no. */
  public boolean knowsApp(String app) {
    return fleet.current().app(app).isPresent() || refresh(System.nanoTime()).app(app).isPresent();
  }

  /** Whether the fleet has this cluster, checking the fleet branch once more before saying no. */
  public boolean knowsCluster(String cluster) {
    return fleet.current().cluster(cluster).isPresent()
        || refresh(System.nanoTime()).cluster(cluster).isPresent();
  }

  /**
   * The fleet branch moved to {@code revision} (git-watcher said so): checks it now, unless that
   * revision is in force already.
   */
  public void moved(String revision) {
    if (!fleet.current().revision().equals(revision)) {
      refresh(System.nanoTime());
    }
  }

  /** Checks the fleet branch unless a check started after {@code requestedAt} (nanoTime). */
  synchronized Fleet refresh(long requestedAt) {
    if (lastRefreshStarted != Long.MIN_VALUE && lastRefreshStarted - requestedAt > 0) {
      return fleet.current();
    }
    lastRefreshStarted = System.nanoTime();
    LiveFleet.Refresh result;
    try {
      result = fleet.refresh();
    } catch (RuntimeException e) {
      // GitException / FleetException messages are redacted by the fleet module.
      String problem = "fleet repo " + fleet.repo() + " cannot be read: " + e.getMessage();
      if (!problem.equals(lastProblem)) {
        Log.warnf(
            "%s; the fleet in force (revision %s) stays", problem, fleet.current().revision());
        lastProblem = problem;
      }
      return fleet.current();
    }
    lastProblem = null;
    if (result instanceof LiveFleet.Refresh.Changed changed) {
      Log.infof(
          "fleet changed %s -> %s: apps +%s ~%s -%s, clusters +%s ~%s -%s",
          changed.previous().revision(),
          changed.fleet().revision(),
          changed.diff().appsAdded(),
          changed.diff().appsChanged(),
          changed.diff().appsRemoved(),
          changed.diff().clustersAdded(),
          changed.diff().clustersChanged(),
          changed.diff().clustersRemoved());
      clusters.update(changed.fleet());
      changes.fire(new FleetInForce(changed.previous(), changed.fleet()));
    } else if (result instanceof LiveFleet.Refresh.Invalid invalid) {
      Log.errorf(
          "fleet revision %s is invalid, the fleet in force (revision %s) stays: %s",
          invalid.revision(), invalid.fleet().revision(), invalid.error().getMessage());
    }
    return result.fleet();
  }
}
