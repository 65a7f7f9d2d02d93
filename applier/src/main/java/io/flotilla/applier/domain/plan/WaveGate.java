package io.flotilla.applier.domain.plan;

/**
 * Argo CD's rule for sync waves, applied while a plan is carried out (feed it the steps in plan
 * order): once an object has failed, objects of later waves ({@code flotilla.io/sync-wave} greater
 * than the failed object's) are not written, and nothing is pruned; objects of the same or an
 * earlier wave still are. The next sync tries again. One per sync; not thread-safe.
 */
public final class WaveGate {
  private Integer failedWave;
  private String failedObject;

  /** Why {@code step} must not be written now; {@code null} when it may. */
  public String blocked(Step step) {
    if (failedWave == null) {
      return null;
    }
    if (step.action() instanceof Action.Prune) {
      return "not pruned: sync wave " + failedWave + " has a failed object (" + failedObject + ")";
    }
    if (wave(step) > failedWave) {
      return "not applied: sync wave "
          + failedWave
          + " has a failed object ("
          + failedObject
          + "); later waves wait until it succeeds";
    }
    return null;
  }

  /** Records that {@code step} failed. */
  public void failed(Step step) {
    int wave = wave(step);
    if (failedWave == null || wave < failedWave) {
      failedWave = wave;
      failedObject = step.ref().display();
    }
  }

  private static int wave(Step step) {
    return step.object() == null || !step.object().valid() ? 0 : step.object().wave();
  }
}
