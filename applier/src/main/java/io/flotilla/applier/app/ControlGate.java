package io.flotilla.applier.app;

import io.flotilla.applier.domain.control.ControlState;
import io.flotilla.applier.domain.control.Scope;
import io.flotilla.events.ControlEvent;
import io.flotilla.events.DesiredState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where control meets desired state, per (app, cluster) on this instance: the {@link ControlState}
 * folded from {@code flotilla.control}, the desired states held back by a pause or a rollback
 * suspension (only the latest is kept; the records of superseded ones are acknowledged), and the
 * few most recent desired states (for a rollback to a revision seen lately, and for a requested
 * sync). Identical bundles of several pairs are kept once ({@link SharedBundles}).
 *
 * <p>A held record is not acknowledged until the desired state it carried (or a later one) was
 * applied: a restart re-delivers it, the replayed control topic holds it again, and resume applies
 * it then. When its partition moves to another instance, {@link #forget} drops what this instance
 * knew of the pairs on it (held records unacknowledged): the new owner gets them again, and only it
 * applies them on resume, re-applies them on a requested sync, or checks them for drift.
 * Thread-safe.
 */
@ApplicationScoped
public class ControlGate {
  private static final int RECENT_REVISIONS = 3;

  /** A desired state freed by a resume, with the records it settles. */
  public record Release(DesiredState desired, List<RecordLease> records) {}

  /** An (app, cluster) pair. */
  public record Key(String app, String cluster) {}

  private static final class Held {
    DesiredState latest;
    final List<RecordLease> records = new ArrayList<>();
  }

  private ControlState state = ControlState.EMPTY;
  private final Map<Key, Held> held = new HashMap<>();
  private final Map<Key, LinkedHashMap<String, DesiredState>> recent = new HashMap<>();
  private final Map<Key, DesiredState> lastApplied = new HashMap<>();
  private final Map<Key, Object> owners = new HashMap<>();
  private final Map<Key, RecordLease> failing = new HashMap<>();
  private final SharedBundles bundles = new SharedBundles();

  public synchronized void fold(ControlEvent event) {
    state = state.apply(event);
  }

  /**
   * {@code desired} with the resources of an equal bundle already kept ({@link SharedBundles}):
   * what the sync, the health watch and the drift checks of every pair rendered alike then share,
   * the prepared objects included ({@link PreparedBundles}).
   */
  public synchronized DesiredState shared(DesiredState desired) {
    return bundles.share(desired);
  }

  /**
   * Admits {@code desired} for applying, or holds it. Returns what holds it, empty when it may be
   * applied now; {@code superseded} receives the held records a newer desired state replaces
   * (settle them: their content will never be applied).
   */
  public synchronized Optional<ControlState.Hold> admit(
      DesiredState admitted, RecordLease record, List<RecordLease> superseded) {
    DesiredState desired = bundles.share(admitted);
    Key key = new Key(desired.app(), desired.cluster());
    remember(key, desired);
    owners.put(key, record.owner());
    RecordLease failed = failing.remove(key);
    if (failed != null) {
      superseded.add(failed); // its desired state will not be retried: this one replaces it
    }
    Optional<ControlState.Hold> hold =
        state.holding(desired.app(), desired.cluster(), desired.revision());
    Held h = held.get(key);
    if (hold.isEmpty()) {
      lastApplied.put(key, desired);
      if (h != null && state.holding(key.app(), key.cluster(), h.latest.revision()).isEmpty()) {
        // nothing holds the older one any more: this newer desired state replaces it
        superseded.addAll(h.records);
        held.remove(key);
      }
      return hold;
    }
    if (h == null) {
      h = new Held();
      held.put(key, h);
    }
    superseded.addAll(h.records);
    h.records.clear();
    h.latest = desired;
    h.records.add(record);
    return hold;
  }

  /**
   * Remembers {@code restored}, read back from the partition assignment {@code owner} (records
   * already applied, not delivered again), as its pair's last applied desired state, unless a
   * record of the pair came through since (that one is newer). Returns whether it was kept.
   */
  public synchronized boolean restore(DesiredState restored, Object owner) {
    DesiredState desired = bundles.share(restored);
    Key key = new Key(desired.app(), desired.cluster());
    if (owners.containsKey(key)) {
      return false;
    }
    owners.put(key, owner);
    lastApplied.put(key, desired);
    remember(key, desired);
    return true;
  }

  /**
   * Forgets every (app, cluster) whose latest record came from an owner {@code moved} matches (a
   * partition assignment that was revoked): its held records are dropped without being settled, and
   * it is no longer in {@link #lastApplied} or {@link #recent}. Returns the pairs forgotten.
   */
  public synchronized List<Key> forget(Predicate<Object> moved) {
    List<Key> gone = new ArrayList<>();
    for (var it = owners.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (moved.test(e.getValue())) {
        Key key = e.getKey();
        it.remove();
        held.remove(key);
        failing.remove(key);
        lastApplied.remove(key);
        recent.remove(key);
        gone.add(key);
      }
    }
    return gone;
  }

  /**
   * Keeps {@code record} unsettled after the sync of its desired state failed: it is settled when a
   * later sync of the pair succeeds ({@link #synced}) or a newer desired state replaces it ({@link
   * #admit}), and dropped unsettled when its partition moves ({@link #forget}), so the next owner
   * reads it again and retries it. Returns the record of an earlier failure of the pair that this
   * one replaces (settle it).
   */
  public synchronized Optional<RecordLease> keepFailed(
      String app, String cluster, RecordLease record) {
    return Optional.ofNullable(failing.put(new Key(app, cluster), record));
  }

  /** A sync of the pair succeeded: the record kept by {@link #keepFailed}, now to settle. */
  public synchronized Optional<RecordLease> synced(String app, String cluster) {
    return Optional.ofNullable(failing.remove(new Key(app, cluster)));
  }

  /** The held desired states that nothing holds any more (after a resume), removed from hold. */
  public synchronized List<Release> released() {
    List<Release> out = new ArrayList<>();
    for (var it = held.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Held h = e.getValue();
      if (state.holding(e.getKey().app(), e.getKey().cluster(), h.latest.revision()).isEmpty()) {
        out.add(new Release(h.latest, List.copyOf(h.records)));
        lastApplied.put(e.getKey(), h.latest);
        it.remove();
      }
    }
    return out;
  }

  /** A desired state of {@code revision} seen lately on this instance for each cluster in scope. */
  public synchronized List<DesiredState> recent(Scope scope, String revision) {
    List<DesiredState> out = new ArrayList<>();
    recent.forEach(
        (key, byRevision) -> {
          if (scope.covers(key.app(), key.cluster()) && byRevision.containsKey(revision)) {
            out.add(byRevision.get(revision));
          }
        });
    return out;
  }

  /** The last desired state let through for each (app, cluster) in scope that is not held now. */
  public synchronized List<DesiredState> lastApplied(Scope scope) {
    List<DesiredState> out = new ArrayList<>();
    lastApplied.forEach(
        (key, desired) -> {
          if (scope.covers(key.app(), key.cluster())
              && state.holding(key.app(), key.cluster(), desired.revision()).isEmpty()) {
            out.add(desired);
          }
        });
    return out;
  }

  /**
   * Whether this instance owns {@code app} on {@code cluster}: a record of the pair came through
   * here and its partition was not revoked since.
   */
  public synchronized boolean owns(String app, String cluster) {
    return owners.containsKey(new Key(app, cluster));
  }

  /**
   * The partition assignment the pair's latest record came from ({@link RecordLease#owner}); empty
   * when this instance does not own the pair (any more).
   */
  public synchronized Optional<Object> owner(String app, String cluster) {
    return Optional.ofNullable(owners.get(new Key(app, cluster)));
  }

  /** The last desired state let through for this (app, cluster), if any. */
  public synchronized Optional<DesiredState> lastApplied(String app, String cluster) {
    return Optional.ofNullable(lastApplied.get(new Key(app, cluster)));
  }

  /** What holds {@code app} on {@code cluster} now (pause first, then a rollback suspension). */
  public synchronized Optional<ControlState.Hold> holding(String app, String cluster) {
    Optional<ControlState.Hold> pause = state.pause(app, cluster);
    return pause.isPresent() ? pause : state.suspension(app, cluster);
  }

  /** Whether {@code app} on {@code cluster} is paused (a suspension does not count). */
  public synchronized boolean paused(String app, String cluster) {
    return state.pause(app, cluster).isPresent();
  }

  private void remember(Key key, DesiredState desired) {
    LinkedHashMap<String, DesiredState> byRevision =
        recent.computeIfAbsent(key, k -> new LinkedHashMap<>());
    byRevision.remove(desired.revision());
    byRevision.put(desired.revision(), desired);
    while (byRevision.size() > RECENT_REVISIONS) {
      byRevision.remove(byRevision.keySet().iterator().next());
    }
  }
}
