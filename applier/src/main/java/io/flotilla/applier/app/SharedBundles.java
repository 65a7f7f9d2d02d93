package io.flotilla.applier.app;

import io.flotilla.events.DesiredState;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One copy of each manifest bundle that several (app, cluster) pairs were given: an app rendered
 * alike for 100 clusters arrives as 100 decoded copies of the same objects, and the applier keeps
 * the last (and a few recent) desired states of every pair for drift, rollback and requested syncs.
 * With 100 apps × 100 clusters those copies were most of the heap.
 *
 * <p>A bundle is shared only when it is equal, object by object, to the one kept under the same
 * {@code bundleHash}: the hash finds the candidate, equality decides, so a desired state with a
 * wrong or forged hash keeps its own objects. Bundles are held weakly: one that no pair refers to
 * any more is collected. Not thread-safe; {@link ControlGate} calls it under its lock.
 */
final class SharedBundles {
  private static final int SWEEP_EVERY = 1024;

  private final Map<String, WeakReference<List<Map<String, Object>>>> byHash = new HashMap<>();
  private int added;

  /** {@code desired}, or an equal desired state whose resources are the copy already kept. */
  DesiredState share(DesiredState desired) {
    WeakReference<List<Map<String, Object>>> ref = byHash.get(desired.bundleHash());
    List<Map<String, Object>> kept = ref == null ? null : ref.get();
    if (kept == desired.resources()) {
      return desired;
    }
    if (kept != null && kept.equals(desired.resources())) {
      return new DesiredState(
          desired.app(),
          desired.cluster(),
          desired.revision(),
          desired.namespace(),
          kept,
          desired.bundleHash(),
          desired.author(),
          desired.warnings(),
          desired.rollbackOf());
    }
    if (kept == null) {
      byHash.put(desired.bundleHash(), new WeakReference<>(desired.resources()));
      if (++added % SWEEP_EVERY == 0) {
        byHash.values().removeIf(r -> r.get() == null);
      }
    }
    return desired;
  }

  /** How many bundles are kept (for tests). */
  int size() {
    return byHash.size();
  }
}
