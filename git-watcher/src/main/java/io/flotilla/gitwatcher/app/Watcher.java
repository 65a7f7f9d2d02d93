package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.git.CommitInfo;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.domain.Sighting;
import io.flotilla.gitwatcher.domain.WatchTarget;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Polls every watched (repo, branch) and publishes a CommitDetected per application that moved. */
@ApplicationScoped
public class Watcher {
  private static final Logger LOG = Logger.getLogger(Watcher.class);

  private final FleetHolder fleet;
  private final CommitPublisher publisher;
  private final MeterRegistry metrics;
  private final ExecutorService pool;

  /** Last SHA announced per application; the next poll compares against it. */
  private final Map<String, String> announced = new ConcurrentHashMap<>();

  Watcher(
      FleetHolder fleet,
      CommitPublisher publisher,
      MeterRegistry metrics,
      @ConfigProperty(name = "flotilla.poll.parallelism") int parallelism) {
    this.fleet = fleet;
    this.publisher = publisher;
    this.metrics = metrics;
    this.pool = Executors.newFixedThreadPool(parallelism, r -> new Thread(r, "git-poll"));
  }

  void stop(@Observes ShutdownEvent event) {
    pool.shutdownNow();
  }

  /** One poll of every target; returns the number of CommitDetected events published. */
  public int pollOnce() {
    List<Future<Integer>> running = new ArrayList<>();
    WatchTarget.of(fleet.fleet())
        .forEach((target, apps) -> running.add(pool.submit(() -> poll(target, apps))));
    int published = 0;
    for (Future<Integer> f : running) {
      try {
        published += f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.errorf(e.getCause(), "poll task failed");
      }
    }
    return published;
  }

  private int poll(WatchTarget target, List<Application> apps) {
    String repo = Urls.redact(target.repoUrl());
    var timer = io.micrometer.core.instrument.Timer.start(metrics);
    try {
      Optional<String> head = fleet.git().resolveBranch(target.repoUrl(), target.branch());
      if (head.isEmpty()) {
        LOG.warnf("watch %s: branch '%s' does not exist; will retry", repo, target.branch());
        metrics.counter("flotilla.watch.failures").increment();
        return 0;
      }
      int published = 0;
      for (Application app : apps) {
        Optional<Sighting> moved = Sighting.of(app.name(), announced.get(app.name()), head.get());
        if (moved.isPresent()) {
          publish(app, moved.get());
          published++;
        }
      }
      return published;
    } catch (GitException e) {
      LOG.warnf("watch %s@%s failed: %s; will retry", repo, target.branch(), e.getMessage());
      metrics.counter("flotilla.watch.failures").increment();
      return 0;
    } finally {
      timer.stop(metrics.timer("flotilla.poll"));
    }
  }

  private void publish(Application app, Sighting sighting) {
    CommitInfo info = fleet.git().commit(app.repoUrl(), sighting.sha());
    CommitDetected event =
        sighting.toEvent(
            app,
            Urls.redact(app.repoUrl()),
            new Person(info.authorName(), info.authorEmail()),
            new Person(info.committerName(), info.committerEmail()),
            info.message(),
            info.commitTime());
    publisher.publish(event);
    announced.put(app.name(), sighting.sha());
  }
}
