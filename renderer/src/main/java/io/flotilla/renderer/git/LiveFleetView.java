package io.flotilla.renderer.git;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.LiveFleet;
import io.flotilla.renderer.app.FleetView;
import io.flotilla.renderer.app.RendererConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The fleet in force ({@link LiveFleet}): read at start-up from {@code FLOTILLA_FLEET_REPO} at
 * {@code FLOTILLA_FLEET_REF}, re-read every {@code flotilla.fleet.refresh-interval}, when
 * git-watcher announces that it moved, and whenever a commit names an application the fleet in
 * force does not know. A missing or invalid fleet repo at start-up stops start-up with every
 * problem listed; an invalid later revision is logged once and the fleet in force stays.
 *
 * <p>Loaded before Reactive Messaging starts its channels (priority 1000): otherwise the first
 * records reach the consumer while the fleet is still loading, and when loading fails each of them
 * fails too and is dead-lettered, though nothing is wrong with them.
 */
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@Singleton
public class LiveFleetView implements FleetView {
  private static final Logger LOG = Logger.getLogger(LiveFleetView.class);

  private final LiveFleet fleet;
  private final ScheduledExecutorService timer;

  @Inject
  public LiveFleetView(GitMirror mirror, RendererConfig config) {
    this.fleet =
        new LiveFleet(new FleetLoader(mirror), config.fleet().repo(), config.fleet().ref());
    Fleet current = fleet.current();
    LOG.infof(
        "fleet loaded from %s ref %s at revision %s: %d apps, %d clusters, %d policies",
        fleet.repo(),
        fleet.ref(),
        current.revision(),
        current.apps().size(),
        current.clusters().size(),
        current.policies().size());
    long every = config.fleet().refreshInterval().toMillis();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fleet-refresh");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Fleet current() {
    return fleet.current();
  }

  @Override
  public Fleet refresh() {
    try {
      LiveFleet.Refresh result = fleet.refresh();
      if (result instanceof LiveFleet.Refresh.Changed c) {
        LOG.infof(
            "fleet moved from revision %s to %s: %d apps, %d clusters, %d policies (%s)",
            c.previous().revision(),
            c.fleet().revision(),
            c.fleet().apps().size(),
            c.fleet().clusters().size(),
            c.fleet().policies().size(),
            c.diff());
      } else if (result instanceof LiveFleet.Refresh.Invalid i) {
        LOG.errorf(
            "fleet revision %s of %s is invalid, keeping revision %s in force: %s",
            i.revision(), fleet.repo(), i.fleet().revision(), i.error().getMessage());
      }
      return result.fleet();
    } catch (GitException | FleetException e) {
      LOG.warnf(
          "cannot check the fleet repo %s (%s); keeping revision %s in force",
          fleet.repo(), e.getMessage(), fleet.current().revision());
      return fleet.current();
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // keep the schedule alive: an unexpected error must not stop later refreshes
      LOG.error("fleet refresh failed unexpectedly; will retry at the next interval", e);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** The fleet repo URL, credentials removed. */
  public String repo() {
    return fleet.repo();
  }

  public String ref() {
    return fleet.ref();
  }

  /** Why the newest fleet revision is not in force, if it is not. */
  public String lastError() {
    return fleet.lastError().map(Throwable::getMessage).orElse(null);
  }
}
