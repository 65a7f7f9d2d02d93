package io.flotilla.applier.domain;

import java.util.Map;

/**
 * One object of a desired state, ready to apply: labelled, namespaced, stripped of server-owned
 * fields. An object that cannot be applied at all (no kind, no name, ...) carries a {@code problem}
 * instead and is reported failed without a call to the cluster.
 *
 * @param index its position in {@code DesiredState.resources}
 * @param object the object to apply; empty when {@code problem} is set
 * @param problem why it cannot be applied, or {@code null}
 */
public record DesiredObject(int index, ObjectRef ref, Map<String, Object> object, String problem) {

  public boolean valid() {
    return problem == null;
  }

  /**
   * The {@code flotilla.io/sync-wave} annotation, 0 when absent (a bad one is a {@code problem}).
   */
  public int wave() {
    Object wave = Trees.at(object, "metadata", "annotations", DesiredObjects.SYNC_WAVE);
    return wave == null ? 0 : Integer.parseInt(String.valueOf(wave).strip());
  }
}
