package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import io.flotilla.events.WatchFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.git.CommitInfo;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.domain.Announced;
import io.flotilla.gitwatcher.domain.AppWatch;
import io.flotilla.gitwatcher.domain.RefResolver;
import io.flotilla.gitwatcher.domain.Resolution;
import io.flotilla.gitwatcher.domain.Sighting;
import io.flotilla.gitwatcher.domain.WatchTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Polls every watched repository (one {@code ls-remote} for all its apps and refs) and publishes a
 * CommitDetected per application whose ref now names a commit it has not announced, or a
 * WatchFailed when the ref cannot be read (once per failure, not once per poll).
 */
@ApplicationScoped
public class Watcher {
  private static final Logger LOG = Logger.getLogger(Watcher.class);

  private final FleetHolder fleet;
  private final CommitPublisher publisher;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final WatchStateStore state;
  private final ExecutorService pool;
  private volatile boolean resumed;

  /** Per application: what was last announced or reported; the next poll decides from it. */
  private final Map<String, AppWatch> watches = new ConcurrentHashMap<>();

  Watcher(
      FleetHolder fleet,
      CommitPublisher publisher,
      MeterRegistry metrics,
      Clock clock,
      WatchStateStore state,
      @ConfigProperty(name = "flotilla.poll.parallelism") int parallelism) {
    this.fleet = fleet;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.state = state;
    this.pool = Executors.newFixedThreadPool(parallelism, r -> new Thread(r, "git-poll"));
  }

  void stop(@Observes ShutdownEvent event) {
    close();
  }

  void close() {
    pool.shutdownNow();
  }

  /** One poll of every target; returns the number of events published. */
  public int pollOnce() {
    resume();
    List<Future<Integer>> running = new ArrayList<>();
    WatchTarget.of(fleet.fleet()).forEach(target -> running.add(pool.submit(() -> poll(target))));
    int published = 0;
    for (Future<Integer> f : running) {
      try {
        published += f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      } catch (ExecutionException e) {
        LOG.errorf(e.getCause(), "poll task failed");
      }
    }
    return published;
  }

  /**
   * Before the first poll: where every app was last announced, from the watch state, so a restart
   * neither repeats an unchanged commit nor misses one that landed meanwhile. Failing here fails
   * the poll (nothing is announced) and the next poll tries again.
   */
  private synchronized void resume() {
    if (resumed) {
      return;
    }
    Map<String, Announced> last = state.load();
    for (Application app : fleet.fleet().apps().values()) {
      AppWatch watch = AppWatch.resume(last.get(app.name()), Urls.redact(app.repoUrl()));
      if (watch.announcedSha() != null) {
        watches.putIfAbsent(app.name(), watch);
      }
    }
    resumed = true;
  }

  private int poll(WatchTarget target) {
    var timer = io.micrometer.core.instrument.Timer.start(metrics);
    try {
      Map<String, String> remoteRefs;
      try {
        remoteRefs = target.needsRemoteRefs() ? fleet.git().lsRemote(target.repoUrl()) : Map.of();
      } catch (GitException e) {
        Resolution failed = new Resolution.Unresolved(e.getMessage());
        return target.apps().stream().mapToInt(app -> step(app, failed)).sum();
      }
      return target.apps().stream()
          .mapToInt(app -> step(app, RefResolver.resolve(app.refType(), app.ref(), remoteRefs)))
          .sum();
    } finally {
      timer.stop(metrics.timer("flotilla.poll"));
    }
  }

  /** Decides and publishes for one application; returns the number of events published. */
  private int step(Application app, Resolution now) {
    AppWatch watch = watches.getOrDefault(app.name(), AppWatch.NEW);
    AppWatch.Decision decision = watch.decide(app.name(), now);
    if (decision instanceof AppWatch.Decision.Announce a) {
      try {
        announce(app, a.sighting());
        watches.put(app.name(), watch.announced(a.sighting().sha()));
        remember(app, a.sighting());
        return 1;
      } catch (GitException e) {
        // the ref resolved but the commit cannot be read (e.g. a pinned SHA that is not there)
        now = new Resolution.Unresolved(e.getMessage());
        decision = watch.decide(app.name(), now);
      }
    }
    if (decision instanceof AppWatch.Decision.ReportFailure f) {
      reportFailure(app, f.reason());
      watches.put(app.name(), watch.failed(f.reason()));
      return 0;
    }
    if (now instanceof Resolution.Resolved) {
      watches.put(app.name(), watch.healthy());
    }
    return 0;
  }

  private void announce(Application app, Sighting sighting) {
    CommitInfo info = fleet.git().commit(app.repoUrl(), sighting.sha());
    CommitDetected event =
        sighting.toEvent(
            Urls.redact(app.repoUrl()),
            new Person(info.authorName(), info.authorEmail()),
            new Person(info.committerName(), info.committerEmail()),
            info.message(),
            info.commitTime());
    publisher.publish(event);
  }

  /** After the broker acknowledged the announcement; a failure here costs one repeat. */
  private void remember(Application app, Sighting sighting) {
    try {
      state.save(
          new Announced(
              app.name(),
              Urls.redact(app.repoUrl()),
              sighting.ref(),
              sighting.sha(),
              clock.instant()));
    } catch (RuntimeException e) {
      LOG.warnf(
          "app=%s sha=%s: announced, but the watch state was not written (%s); after a restart"
              + " this commit is announced once more",
          app.name(), sighting.sha(), e.getMessage());
    }
  }

  private void reportFailure(Application app, String reason) {
    String safeReason = Urls.redact(reason);
    LOG.warnf(
        "watch app=%s repo=%s ref=%s (%s) failed: %s; will retry",
        app.name(), Urls.redact(app.repoUrl()), app.ref(), app.refType().yamlName(), safeReason);
    metrics.counter("flotilla.watch.failures").increment();
    publisher.publish(
        new WatchFailed(
            app.name(), Urls.redact(app.repoUrl()), app.ref(), safeReason, clock.instant()));
  }
}
