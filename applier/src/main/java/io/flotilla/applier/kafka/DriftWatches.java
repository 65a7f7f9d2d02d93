package io.flotilla.applier.kafka;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.app.Clusters;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.DaemonThreads;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.applier.app.LiveIndex;
import io.flotilla.applier.app.PreparedBundles;
import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import io.flotilla.applier.domain.control.Scope;
import io.flotilla.applier.domain.diff.Diff;
import io.flotilla.events.DesiredState;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Drift found from watch events, between the periodic checks of {@link DriftDetector}: one watch
 * per (cluster, kind) the apps this instance applied use there, on objects labelled {@code
 * app.kubernetes.io/managed-by: flotilla}. An event whose object no longer matches what its app
 * (label {@code flotilla.io/app}) last applied — or a deletion — schedules a drift check of that
 * (app, cluster) after {@code FLOTILLA_DRIFT_DEBOUNCE} (events within it are coalesced); events
 * that match (the applier's own writes, status updates) cost nothing. The set of watches follows
 * what this instance owns every {@code FLOTILLA_DRIFT_WATCH_REFRESH}. A watch that cannot be opened
 * or closes is reopened on the next refresh; the periodic check stays the safety net. Each watch
 * also keeps its kind's view in the {@link LiveIndex} (listed once when it opens), which spares a
 * sync the reads of objects known to be absent.
 */
@ApplicationScoped
public class DriftWatches {
  @Inject ControlGate gate;
  @Inject PreparedBundles prepared;
  @Inject Clusters clusters;
  @Inject DriftDetector drift;
  @Inject ApplierConfig config;
  @Inject LiveIndex index;
  @Inject HealthWatcher health;

  private record WatchKey(String cluster, String apiVersion, String kind) {}

  /** An open watch and its view in the {@link LiveIndex}. */
  private record Open(AutoCloseable watch, LiveIndex.View view) {}

  private final Map<WatchKey, Open> open = new ConcurrentHashMap<>();

  /** Watches being opened now (by the refresh or on a first desired state). */
  private final Set<WatchKey> opening = ConcurrentHashMap.newKeySet();

  /** Watches {@link #want} tried to open since the last refresh: once each, the refresh retries. */
  private final Set<WatchKey> tried = ConcurrentHashMap.newKeySet();

  private final Set<ControlGate.Key> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService debounce =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flotilla-drift-watch"));

  /**
   * Opens watches a desired state needs: several at once, as each waits on its cluster (a watch
   * request, then a listing) and a cold start needs one per kind on every cluster.
   */
  private final ExecutorService opener =
      Executors.newFixedThreadPool(8, DaemonThreads.numbered("flotilla-drift-open"));

  @Scheduled(
      every = "${flotilla.drift.watch-refresh:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    if (!config.drift().watch()) {
      return;
    }
    Set<WatchKey> wanted = new HashSet<>();
    for (DesiredState desired : gate.lastApplied(Scope.ALL)) {
      for (Map<String, Object> object : desired.resources()) {
        Object apiVersion = object.get("apiVersion");
        Object kind = object.get("kind");
        if (apiVersion instanceof String a && kind instanceof String k) {
          wanted.add(new WatchKey(desired.cluster(), a, k));
        }
      }
    }
    for (WatchKey key : Set.copyOf(open.keySet())) {
      if (!wanted.contains(key)) {
        Open closing = open.remove(key);
        if (closing != null) {
          index.closed(key.cluster(), key.apiVersion(), key.kind(), closing.view());
          close(key, closing.watch());
        }
      }
    }
    tried.clear();
    for (WatchKey key : wanted) {
      if (!open.containsKey(key) && opening.add(key)) {
        openClaimed(key);
      }
    }
  }

  /**
   * Opens now, off the caller's thread, the watches {@code desired} needs that are not open yet,
   * instead of at the next refresh: until a kind's watch is open and listed, every sync on that
   * cluster reads each of its objects (a cold start's first seconds). Called when a desired state
   * is admitted for applying.
   */
  public void want(DesiredState desired) {
    if (!config.drift().watch()) {
      return;
    }
    for (Map<String, Object> object : desired.resources()) {
      if (object.get("apiVersion") instanceof String a && object.get("kind") instanceof String k) {
        WatchKey key = new WatchKey(desired.cluster(), a, k);
        if (!open.containsKey(key) && tried.add(key) && opening.add(key)) {
          try {
            opener.execute(() -> openClaimed(key));
          } catch (RejectedExecutionException e) {
            opening.remove(key); // shutting down
          }
        }
      }
    }
  }

  /** Opens {@code key}'s watch, claimed in {@link #opening} by the caller, unless it is open. */
  private void openClaimed(WatchKey key) {
    try {
      if (!open.containsKey(key)
          && clusters.access(key.cluster()) instanceof Clusters.Ready ready) {
        start(key, ready.client());
      }
    } finally {
      opening.remove(key);
    }
  }

  /**
   * Opens the watch, then lists what it watches for the {@link LiveIndex} (watch first, so that
   * nothing created meanwhile is missed: the listing only adds to what events already said).
   */
  private void start(WatchKey key, ClusterClient client) {
    LiveIndex.View view = index.opened(key.cluster(), key.apiVersion(), key.kind());
    AutoCloseable watch;
    try {
      watch =
          client.watch(
              key.apiVersion(),
              key.kind(),
              DesiredObjects.MANAGED_BY,
              DesiredObjects.FLOTILLA,
              new ClusterClient.WatchListener() {
                @Override
                public void event(
                    Map<String, Object> head,
                    Supplier<Map<String, Object>> object,
                    boolean deleted) {
                  view.seen(ObjectRef.of(head), deleted);
                  health.observed(key.cluster(), view, head, object, deleted);
                  onEvent(key.cluster(), head, object, deleted);
                }

                @Override
                public void closed(String reason) {
                  Log.debugf("watch of %s on %s closed: %s", key.kind(), key.cluster(), reason);
                  index.closed(key.cluster(), key.apiVersion(), key.kind(), view);
                  open.computeIfPresent(key, (k, o) -> o.view() == view ? null : o);
                }
              });
    } catch (RuntimeException e) {
      index.closed(key.cluster(), key.apiVersion(), key.kind(), view);
      Log.debugf("cannot watch %s on %s: %s", key.kind(), key.cluster(), e.toString());
      return;
    }
    open.put(key, new Open(watch, view));
    try {
      view.listed(
          client
              .listLabelled(
                  key.apiVersion(), key.kind(), DesiredObjects.MANAGED_BY, DesiredObjects.FLOTILLA)
              .stream()
              .map(ObjectRef::of)
              .toList());
    } catch (RuntimeException e) {
      // the watch still reports drift; syncs read this kind as before
      Log.debugf("cannot list %s on %s: %s", key.kind(), key.cluster(), e.toString());
    }
  }

  /**
   * On a watch thread: cheap (no cluster call) unless the object drifted; no comparison at all for
   * the object exactly as this instance's apply left it (its own write coming back).
   */
  private void onEvent(
      String cluster,
      Map<String, Object> head,
      Supplier<Map<String, Object>> live,
      boolean deleted) {
    onEvent(cluster, head, live, deleted, true);
  }

  /**
   * An event of an object this instance is applying at that moment is most likely that apply coming
   * back before the API server's answer did: with {@code mayWait}, it is looked at again after
   * {@code FLOTILLA_DRIFT_DEBOUNCE}, when the answer is in and tells (no comparison) whether it
   * was.
   */
  private void onEvent(
      String cluster,
      Map<String, Object> head,
      Supplier<Map<String, Object>> live,
      boolean deleted,
      boolean mayWait) {
    String app = Trees.text(head, "metadata", "labels", DesiredObjects.APP_LABEL);
    if (app.isEmpty()) {
      return;
    }
    ObjectRef ref = ObjectRef.of(head);
    if (!deleted) {
      if (index.asApplied(cluster, ref, Trees.text(head, "metadata", "resourceVersion"))) {
        return;
      }
      if (mayWait && index.applying(cluster, ref)) {
        debounce.schedule(
            () -> lookAgain(cluster, head, live),
            config.drift().debounce().toMillis(),
            MILLISECONDS);
        return;
      }
    }
    Optional<DesiredState> applied = gate.lastApplied(app, cluster);
    if (applied.isEmpty()) {
      return; // not applied by this instance (another owns it, or nothing settled yet)
    }
    DesiredState desired = applied.get();
    Optional<DesiredObject> wanted =
        prepared.of(desired).stream().filter(o -> o.valid() && o.ref().equals(ref)).findFirst();
    if (wanted.isEmpty() || (!deleted && drift(cluster, ref, wanted.get(), head, live).isEmpty())) {
      return;
    }
    ControlGate.Key key = new ControlGate.Key(app, cluster);
    if (pending.add(key)) {
      debounce.schedule(() -> check(key), config.drift().debounce().toMillis(), MILLISECONDS);
    }
  }

  /**
   * What drifted: only metadata can have when the generation is still the one this instance's apply
   * answered (a status update, a controller's own write), so the whole object is not even read.
   */
  private List<Diff.Difference> drift(
      String cluster,
      ObjectRef ref,
      DesiredObject wanted,
      Map<String, Object> head,
      Supplier<Map<String, Object>> live) {
    long generation = Trees.number(head, 0, "metadata", "generation");
    return generation > 0 && generation == index.appliedGeneration(cluster, ref)
        ? Diff.metadataDrift(wanted.object(), head)
        : Diff.drift(wanted.object(), live.get());
  }

  private void lookAgain(
      String cluster, Map<String, Object> head, Supplier<Map<String, Object>> live) {
    try {
      onEvent(cluster, head, live, false, false);
    } catch (RuntimeException e) {
      Log.errorf("a watch event on %s could not be handled: %s", cluster, e.toString());
    }
  }

  private void check(ControlGate.Key key) {
    pending.remove(key);
    try {
      if (!drift.check(key.app(), key.cluster())) {
        // a check of that pair is running: look again after it
        if (pending.add(key)) {
          debounce.schedule(() -> check(key), config.drift().debounce().toMillis(), MILLISECONDS);
        }
      }
    } catch (RuntimeException e) {
      Log.errorf(
          "drift check of app=%s cluster=%s after a watch event failed: %s",
          key.app(), key.cluster(), e.toString());
    }
  }

  /** Whether {@code kind} is watched on {@code cluster} now. */
  public boolean watching(String cluster, String kind) {
    for (WatchKey k : open.keySet()) {
      if (k.cluster().equals(cluster) && k.kind().equals(kind)) {
        return true;
      }
    }
    return false;
  }

  @PreDestroy
  void stop() {
    debounce.shutdownNow();
    opener.shutdownNow();
    open.forEach((key, o) -> close(key, o.watch()));
    open.clear();
  }

  private void close(WatchKey key, AutoCloseable watch) {
    if (watch == null) {
      return;
    }
    try {
      watch.close();
    } catch (Exception e) {
      Log.debugf("closing the watch of %s on %s: %s", key.kind(), key.cluster(), e.toString());
    }
  }
}
