package io.flotilla.applier.kafka;

import io.flotilla.applier.app.AppStateStore;
import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.Clusters;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.EventSource;
import io.flotilla.applier.app.PreparedBundles;
import io.flotilla.applier.app.SyncExecutor;
import io.flotilla.applier.app.SyncRequest;
import io.flotilla.applier.app.SyncState;
import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import io.flotilla.applier.domain.control.Scope;
import io.flotilla.applier.domain.diff.Diff;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.DriftCorrected;
import io.flotilla.events.DriftDetected;
import io.flotilla.events.DriftEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.fleet.git.LiveFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Drift: every {@code FLOTILLA_DRIFT_INTERVAL} the live objects of each (app, cluster) this
 * instance applied are compared with the desired state last applied (one list per kind and
 * namespace). Out-of-band changes are published once per distinct drift as {@code DriftDetected}
 * (which object, which fields, applied and live values, Secret data redacted); with {@code
 * syncPolicy.selfHeal: true} the desired state is applied again in the cluster's lane and {@code
 * DriftCorrected} follows. Paused or rolled-back pairs are not checked. {@link DriftWatches} calls
 * {@link #check(String, String)} between these rounds when a watched object changed; a pair whose
 * kinds are all watched is then checked by the rounds only every {@value #WATCHED_PAIR_EVERY}th.
 */
@ApplicationScoped
public class DriftDetector {
  private static final int MAX_VALUE = 200;

  /**
   * A pair whose every kind is watched on its cluster is checked only every this many rounds: the
   * watches report its changes as they happen, and the round is the safety net for a missed event.
   * Checking 10,000 pairs every minute otherwise costs five reads each, ~800 reads a second.
   */
  static final int WATCHED_PAIR_EVERY = 10;

  @Inject ControlGate gate;
  @Inject PreparedBundles prepared;
  @Inject AppStateStore state;
  @Inject Clusters clusters;
  @Inject LiveFleet fleet;
  @Inject DesiredProcessor processor;
  @Inject ApplierConfig config;
  @Inject EventSource source;
  @Inject Clock clock;
  @Inject MeterRegistry meters;
  @Inject ApplierMetrics metrics;
  @Inject DriftWatches watches;

  @Inject
  @Channel("drift")
  MutinyEmitter<String> emitter;

  private final EventCodec codec = new EventCodec();
  private final Map<String, List<DriftDetected.DriftedObject>> reported = new ConcurrentHashMap<>();
  private final Set<String> checking = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> roundsSkipped = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${flotilla.drift.interval:60s}",
      delayed = "${flotilla.drift.interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    for (DesiredState desired : gate.lastApplied(Scope.ALL)) {
      if (stopping) {
        return;
      }
      String key = desired.cluster() + "/" + desired.app();
      if (watched(desired) && roundsSkipped.merge(key, 1, Integer::sum) < WATCHED_PAIR_EVERY) {
        continue;
      }
      roundsSkipped.remove(key);
      try {
        check(desired);
      } catch (RuntimeException e) {
        Log.errorf(
            "drift check of app=%s cluster=%s failed: %s",
            desired.app(), desired.cluster(), e.toString());
      }
    }
  }

  private boolean watched(DesiredState desired) {
    return config.drift().watch()
        && desired.resources().stream()
            .allMatch(
                o ->
                    o.get("kind") instanceof String kind
                        && watches.watching(desired.cluster(), kind));
  }

  /**
   * Checks {@code app} on {@code cluster} now (after a watch event). Returns false when a check of
   * that pair is running already (the caller may try again after it).
   */
  public boolean check(String app, String cluster) {
    Optional<DesiredState> desired = gate.lastApplied(app, cluster);
    if (desired.isEmpty() || gate.holding(app, cluster).isPresent()) {
      return true; // not applied here, or paused / rolled back: not checked
    }
    String key = cluster + "/" + app;
    if (!checking.add(key)) {
      return false;
    }
    try {
      inspect(desired.get());
    } finally {
      checking.remove(key);
    }
    return true;
  }

  private void check(DesiredState desired) {
    String key = desired.cluster() + "/" + desired.app();
    if (!checking.add(key)) {
      return; // a watch-triggered check of that pair is running
    }
    try {
      inspect(desired);
    } finally {
      checking.remove(key);
    }
  }

  private void inspect(DesiredState desired) {
    boolean applied =
        state
            .get(desired.app(), desired.cluster())
            .filter(
                s ->
                    s.syncState() == SyncState.SYNCED
                        && desired.revision().equals(s.appliedRevision()))
            .isPresent();
    if (!applied) {
      return; // a sync is running, failed, or applied another revision: nothing settled to compare
    }
    if (!(clusters.access(desired.cluster()) instanceof Clusters.Ready ready)) {
      return;
    }
    List<DesiredObject> objects =
        prepared.of(desired).stream().filter(DesiredObject::valid).toList();
    Map<ObjectRef, Live> live =
        SyncExecutor.read(
            ready.client(),
            objects.stream().map(DesiredObject::ref).toList(),
            new SyncExecutor.LiveCache());
    List<DriftDetected.DriftedObject> drifted = new ArrayList<>();
    for (DesiredObject object : objects) {
      Live state = live.get(object.ref());
      ObjectRef ref = object.ref();
      if (state instanceof Live.Absent) {
        drifted.add(
            new DriftDetected.DriftedObject(
                ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), true, List.of()));
      } else if (state instanceof Live.Present present) {
        List<DriftDetected.FieldDrift> fields =
            Diff.drift(object.object(), present.object()).stream()
                .map(d -> new DriftDetected.FieldDrift(d.path(), text(d.desired()), text(d.live())))
                .toList();
        if (!fields.isEmpty()) {
          drifted.add(
              new DriftDetected.DriftedObject(
                  ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), false, fields));
        }
      }
    }
    String key = desired.cluster() + "/" + desired.app();
    if (drifted.isEmpty()) {
      reported.remove(key);
      return;
    }
    if (drifted.equals(reported.get(key))) {
      return; // reported already; nothing new
    }
    boolean selfHeal =
        fleet.current().app(desired.app()).map(a -> a.syncPolicy().selfHeal()).orElse(false);
    reported.put(key, drifted);
    Counter.builder("flotilla.drift.detected")
        .description("Drift found between live objects and the last applied desired state")
        .tag("cluster", desired.cluster())
        .register(meters)
        .increment();
    publish(
        new DriftDetected(
            desired.app(),
            desired.cluster(),
            desired.revision(),
            drifted,
            selfHeal,
            clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    if (!selfHeal) {
      return;
    }
    processor
        .submit(desired, new SyncRequest(false, config.apply().forceConflicts(), "self-heal"))
        .thenAccept(
            done -> {
              reported.remove(key);
              publish(
                  new DriftCorrected(
                      desired.app(),
                      desired.cluster(),
                      desired.revision(),
                      drifted.stream().map(DriftDetector::display).toList(),
                      done.writes(),
                      done.status(),
                      clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            });
  }

  private void publish(DriftEvent drift) {
    CloudEvent<DriftEvent> event = CloudEvent.of(drift, source.uri(), clock);
    emitter
        .sendMessage(KafkaRecord.of(event.key(), codec.encode(event)))
        .invoke(() -> metrics.produced(Topics.DRIFT, event.type()))
        .subscribe()
        .with(
            ok -> {},
            e ->
                Log.errorf("%s for %s not published: %s", event.type(), event.key(), e.toString()));
  }

  private static String display(DriftDetected.DriftedObject o) {
    return o.kind() + " " + (o.namespace() == null ? o.name() : o.namespace() + "/" + o.name());
  }

  /** A value as JSON-ish text, shortened; {@code null} when absent. */
  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    String text = value instanceof String s ? s : Trees.canonical(value);
    return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
  }
}
