package io.flotilla.applier.domain.control;

import io.flotilla.events.ControlEvent;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.ResumeRequested;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncRequested;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pauses and rollback suspensions in force, folded from {@code flotilla.control} in order.
 * Immutable: {@link #apply} returns the next state. Every applier instance folds the whole topic,
 * so every instance agrees and a restart rebuilds the same state.
 *
 * <ul>
 *   <li>{@code PauseRequested} adds a pause of its scope;
 *   <li>{@code RollbackRequested} suspends automated sync of the app (on one cluster or on all) at
 *       {@code toRevision}: only a desired state of that revision is applied;
 *   <li>{@code ResumeRequested} lifts every pause and suspension its scope covers (resume of an app
 *       lifts that app's pauses on single clusters too, but not a pause of everything);
 *   <li>{@code SyncRequested} changes nothing here.
 * </ul>
 */
public final class ControlState {
  public static final ControlState EMPTY = new ControlState(Map.of(), Map.of());

  /** Why a scope is held: who asked, why, and (for a rollback) the revision it is held at. */
  public record Hold(Scope scope, String requestedBy, String reason, String revision) {
    /** {@code paused by alice: "db migration"}. */
    public String describe() {
      return (revision == null
              ? "paused"
              : "rolled back to " + revision + ", automated sync suspended")
          + " by "
          + requestedBy
          + ": "
          + reason;
    }
  }

  private final Map<Scope, Hold> pauses;
  private final Map<Scope, Hold> suspensions;

  private ControlState(Map<Scope, Hold> pauses, Map<Scope, Hold> suspensions) {
    this.pauses = Map.copyOf(pauses);
    this.suspensions = Map.copyOf(suspensions);
  }

  public ControlState apply(ControlEvent event) {
    if (event instanceof PauseRequested p) {
      Scope scope = p.all() ? Scope.ALL : new Scope(p.app(), p.cluster());
      Map<Scope, Hold> next = new LinkedHashMap<>(pauses);
      next.put(scope, new Hold(scope, p.requestedBy(), p.reason(), null));
      return new ControlState(next, suspensions);
    }
    if (event instanceof ResumeRequested r) {
      Scope scope = r.all() ? Scope.ALL : new Scope(r.app(), r.cluster());
      Map<Scope, Hold> p = new LinkedHashMap<>(pauses);
      p.keySet().removeIf(scope::covers);
      Map<Scope, Hold> s = new LinkedHashMap<>(suspensions);
      s.keySet().removeIf(scope::covers);
      return new ControlState(p, s);
    }
    if (event instanceof RollbackRequested rb) {
      Scope scope = new Scope(rb.app(), rb.cluster());
      Map<Scope, Hold> s = new LinkedHashMap<>(suspensions);
      s.keySet().removeIf(scope::covers);
      s.put(scope, new Hold(scope, rb.requestedBy(), rb.reason(), rb.toRevision()));
      return new ControlState(pauses, s);
    }
    if (event instanceof SyncRequested) {
      return this;
    }
    throw new IllegalArgumentException("unknown control event " + event.getClass().getSimpleName());
  }

  /** The pause covering {@code app} on {@code cluster}, the broadest first. */
  public Optional<Hold> pause(String app, String cluster) {
    return pauses.values().stream()
        .filter(h -> h.scope().covers(app, cluster))
        .min(java.util.Comparator.comparingInt(h -> specificity(h.scope())));
  }

  /** The rollback suspension of {@code app} on {@code cluster}, the most specific one. */
  public Optional<Hold> suspension(String app, String cluster) {
    return suspensions.values().stream()
        .filter(h -> h.scope().covers(app, cluster))
        .max(java.util.Comparator.comparingInt(h -> specificity(h.scope())));
  }

  /**
   * Whether a desired state of {@code revision} may be applied to {@code app} on {@code cluster}:
   * empty when it may, else what holds it.
   */
  public Optional<Hold> holding(String app, String cluster, String revision) {
    Optional<Hold> pause = pause(app, cluster);
    if (pause.isPresent()) {
      return pause;
    }
    return suspension(app, cluster).filter(s -> !s.revision().equals(revision));
  }

  private static int specificity(Scope scope) {
    return (scope.app() == null ? 0 : 2) + (scope.cluster() == null ? 0 : 1);
  }
}
