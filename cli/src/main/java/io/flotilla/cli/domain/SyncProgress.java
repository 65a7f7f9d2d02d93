package io.flotilla.cli.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far a requested sync got, from the applier's view before the request ({@code before}) and
 * now. A cluster is finished once a sync finished after the request (its {@code lastSyncAt} moved):
 * converged when it then applied the desired revision (for a rollback: the rollback's revision,
 * held there by the rollback's suspension of automated sync), failed when that sync failed. A
 * render failure or a pause is final at once: no sync will run. Pure: no I/O, no clock.
 */
public final class SyncProgress {
  /** Where one cluster stands. */
  public enum State {
    PENDING,
    CONVERGED,
    FAILED
  }

  /** One cluster's state and, when failed, why. */
  public record Step(String cluster, State state, String reason) {}

  private final Map<String, String> baseline = new LinkedHashMap<>();
  private final String toRevision;

  /**
   * @param before the app's clusters in scope as they were before the request
   * @param toRevision the revision every cluster must end on (a rollback's target), or {@code null}
   *     for "whatever is desired"
   */
  public SyncProgress(List<ClusterView> before, String toRevision) {
    before.forEach(c -> baseline.put(c.cluster(), c.lastSyncAt()));
    this.toRevision = toRevision;
  }

  /** Every cluster of {@code now}, in the given order. */
  public List<Step> steps(List<ClusterView> now) {
    List<Step> out = new ArrayList<>();
    for (ClusterView c : now) {
      out.add(step(c));
    }
    return out;
  }

  private Step step(ClusterView c) {
    // a rollback suspends automated sync on purpose: that hold is the expected end state
    boolean rollbackHold =
        toRevision != null && c.paused() != null && c.paused().startsWith("rolled back to");
    if (c.isPaused() && !rollbackHold) {
      return new Step(
          c.cluster(),
          State.FAILED,
          (c.paused() == null ? "paused" : c.paused()) + "; resume it first");
    }
    if ("RenderFailed".equals(c.syncState())) {
      return new Step(c.cluster(), State.FAILED, "render failed: " + orNone(c.lastError()));
    }
    boolean newSync =
        c.lastSyncAt() != null && !Objects.equals(c.lastSyncAt(), baseline.get(c.cluster()));
    if (!newSync) {
      return new Step(c.cluster(), State.PENDING, null);
    }
    if (c.failed()) {
      return new Step(c.cluster(), State.FAILED, "sync failed: " + orNone(c.lastError()));
    }
    boolean done =
        toRevision == null
            ? c.converged()
            : toRevision.equals(c.appliedRevision())
                && ("Synced".equals(c.syncState()) || rollbackHold);
    return new Step(c.cluster(), done ? State.CONVERGED : State.PENDING, null);
  }

  public static boolean finished(List<Step> steps) {
    return steps.stream().noneMatch(s -> s.state() == State.PENDING);
  }

  public static long count(List<Step> steps, State state) {
    return steps.stream().filter(s -> s.state() == state).count();
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "no reason given" : s;
  }
}
