package io.flotilla.applier.app;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import io.flotilla.applier.domain.health.Health;
import io.flotilla.applier.domain.health.HealthResult;
import io.flotilla.applier.domain.health.HealthStatus;
import io.flotilla.events.DesiredState;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.RollbackRequested;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Health after a sync: every {@code FLOTILLA_HEALTH_POLL_INTERVAL} the objects of each (app,
 * cluster) synced lately are assessed, as the drift watches last showed them ({@link #observed}) or
 * else read (one list per kind and namespace), except those whose health is only their existence
 * (they were just applied: {@link Health#existenceOnly}); a change is published as {@code
 * HealthChanged}. Watching stops when the app is healthy (its revision becomes the last healthy one
 * on that cluster) or when the app's {@code rollback.timeout} ran out. Then, if it is Degraded or
 * still Progressing and the app sets {@code rollback.onDegraded}, an automatic {@code
 * RollbackRequested} (requestedBy {@value #REQUESTER}) to the last healthy revision on that cluster
 * is published; the control consumer applies it like a manual one.
 */
@ApplicationScoped
public class HealthWatcher {
  public static final String REQUESTER = "flotilla/applier";

  private record Key(String app, String cluster) {}

  private static final class Watch {
    final String revision;
    final List<ObjectRef> refs;
    final Instant deadline;
    HealthStatus last;

    /** Each object's health as a watch event last showed it (see {@link #observed}). */
    final Map<ObjectRef, Observed> observed = new ConcurrentHashMap<>();

    Watch(String revision, List<ObjectRef> refs, Instant deadline) {
      this.revision = revision;
      this.refs = refs;
      this.deadline = deadline;
    }
  }

  /** The health a watch event showed, and which watch (view) it came from. */
  private record Observed(LiveIndex.View view, HealthResult health) {}

  private final Map<Key, Watch> watching = new ConcurrentHashMap<>();
  private final Map<Key, HealthResult> current = new ConcurrentHashMap<>();
  private final Map<Key, String> lastHealthy = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  @Inject Clusters clusters;
  @Inject PreparedBundles prepared;
  @Inject LiveFleet fleet;
  @Inject Clock clock;
  @Inject HealthSink sink;
  @Inject LiveIndex index;

  /**
   * A watch event of an object Flotilla manages ({@code kafka.DriftWatches}, on the watch's
   * thread): the health it shows is kept for the next check, which reads nothing when every watched
   * object of the pair has one from a watch still open. An event of an older generation than the
   * one this instance last applied was sent before that apply, and is ignored.
   */
  public void observed(
      String cluster,
      LiveIndex.View view,
      Map<String, Object> head,
      Supplier<Map<String, Object>> live,
      boolean deleted) {
    String app = Trees.text(head, "metadata", "labels", DesiredObjects.APP_LABEL);
    Watch watch = app.isEmpty() ? null : watching.get(new Key(app, cluster));
    if (watch == null) {
      return;
    }
    ObjectRef ref = ObjectRef.of(head);
    if (!watch.refs.contains(ref)
        || (!deleted
            && Trees.number(head, 0, "metadata", "generation")
                < index.appliedGeneration(cluster, ref))) {
      return;
    }
    watch.observed.put(
        ref,
        new Observed(view, Health.of(ref, deleted ? Live.ABSENT : new Live.Present(live.get()))));
  }

  /**
   * Starts (or restarts) watching the health of what {@code desired} applied. Objects whose health
   * is only their existence ({@link Health#existenceOnly}) were just applied, so they are healthy
   * and not read again. The watch keeps the refs and the revision, not the manifests.
   */
  public void watch(DesiredState desired) {
    List<ObjectRef> refs =
        prepared.of(desired).stream()
            .filter(o -> o.valid() && !Health.existenceOnly(o.object()))
            .map(DesiredObject::ref)
            .toList();
    Application.Rollback rollback = rollbackOf(desired.app());
    watching.put(
        new Key(desired.app(), desired.cluster()),
        new Watch(desired.revision(), refs, clock.instant().plus(rollback.timeout())));
  }

  /**
   * Folds a {@code HealthChanged} read back from {@code flotilla.sync-results} at start-up (any
   * instance's): the latest assessment, and the revision as the last healthy one when it was
   * healthy. So health and automatic rollback survive a restart and a move to another instance.
   * What this instance assessed since it started wins.
   */
  public void restore(HealthChanged event) {
    Key key = new Key(event.app(), event.cluster());
    if (watching.containsKey(key)) {
      return;
    }
    HealthStatus status = HealthStatus.valueOf(event.status().name());
    current.put(key, new HealthResult(status, event.message() == null ? "" : event.message()));
    if (status == HealthStatus.HEALTHY && !event.timedOut()) {
      lastHealthy.put(key, event.revision());
    }
  }

  /** The revision last seen healthy on {@code cluster}, if any. */
  public Optional<String> lastHealthy(String app, String cluster) {
    return Optional.ofNullable(lastHealthy.get(new Key(app, cluster)));
  }

  /** Stops watching {@code app} on {@code cluster}: another instance owns it now. */
  public void forget(String app, String cluster) {
    watching.remove(new Key(app, cluster));
  }

  /** The latest assessment of {@code app} on {@code cluster}, if one was made. */
  public Optional<HealthResult> health(String app, String cluster) {
    return Optional.ofNullable(current.get(new Key(app, cluster)));
  }

  @Scheduled(
      every = "${flotilla.health.poll-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    for (Map.Entry<Key, Watch> entry : new ArrayList<>(watching.entrySet())) {
      if (stopping) {
        return; // the beans it publishes through are going away
      }
      try {
        check(entry.getKey(), entry.getValue());
      } catch (RuntimeException e) {
        Log.errorf(
            "health check of app=%s cluster=%s failed: %s",
            entry.getKey().app(), entry.getKey().cluster(), e.toString());
      }
    }
  }

  private void check(Key key, Watch watch) {
    HealthResult health = assess(key, watch);
    current.put(key, health);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    boolean healthy = health.status() == HealthStatus.HEALTHY;
    boolean timedOut = !healthy && !now.isBefore(watch.deadline);
    if (health.status() != watch.last || timedOut) {
      sink.healthChanged(
          new HealthChanged(
              key.app(),
              key.cluster(),
              watch.revision,
              HealthChanged.Status.valueOf(health.status().name()),
              watch.last == null ? null : HealthChanged.Status.valueOf(watch.last.name()),
              health.message(),
              timedOut,
              now));
      watch.last = health.status();
    }
    if (healthy) {
      lastHealthy.put(key, watch.revision);
      watching.remove(key, watch);
    } else if (timedOut) {
      watching.remove(key, watch);
      maybeRollBack(key, watch, health, now);
    }
  }

  private HealthResult assess(Key key, Watch watch) {
    Clusters.Access access = clusters.access(key.cluster());
    if (!(access instanceof Clusters.Ready ready)) {
      return new HealthResult(HealthStatus.UNKNOWN, ((Clusters.Unavailable) access).reason());
    }
    List<HealthResult> watched = new ArrayList<>();
    for (ObjectRef ref : watch.refs) {
      Observed seen = watch.observed.get(ref);
      if (seen == null || seen.view() != index.view(key.cluster(), ref)) {
        watched = null; // not seen by a watch that is still open: read
        break;
      }
      watched.add(seen.health());
    }
    if (watched != null) {
      return Health.aggregate(watched);
    }
    Map<ObjectRef, Live> live =
        SyncExecutor.read(ready.client(), watch.refs, new SyncExecutor.LiveCache());
    List<HealthResult> results = new ArrayList<>();
    for (ObjectRef ref : watch.refs) {
      results.add(Health.of(ref, live.get(ref)));
    }
    return Health.aggregate(results);
  }

  private void maybeRollBack(Key key, Watch watch, HealthResult health, Instant now) {
    Application.Rollback rollback = rollbackOf(key.app());
    boolean bad =
        health.status() == HealthStatus.DEGRADED || health.status() == HealthStatus.PROGRESSING;
    String target = lastHealthy.get(key);
    if (!rollback.onDegraded() || !bad) {
      return;
    }
    if (target == null || target.equals(watch.revision)) {
      Log.warnf(
          "app=%s cluster=%s revision=%s is %s after %s; no earlier healthy revision to roll back to",
          key.app(), key.cluster(), watch.revision, health.status().label(), rollback.timeout());
      return;
    }
    String reason =
        health.status().label()
            + " "
            + rollback.timeout().toSeconds()
            + "s after sync of "
            + watch.revision
            + " ("
            + health.message()
            + "); rolling back to the last healthy revision "
            + target;
    Log.warnf("automatic rollback: app=%s cluster=%s: %s", key.app(), key.cluster(), reason);
    sink.rollback(
        new RollbackRequested(key.app(), key.cluster(), target, true, reason, REQUESTER, now));
  }

  private Application.Rollback rollbackOf(String app) {
    return fleet.current().app(app).map(Application::rollback).orElse(Application.Rollback.DEFAULT);
  }
}
