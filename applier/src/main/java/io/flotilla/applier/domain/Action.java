package io.flotilla.applier.domain;

import java.util.List;

/** What a sync does with one desired object, decided by {@link Diff} before any write. */
public sealed interface Action {

  /** The object does not exist: apply creates it. */
  record Create() implements Action {}

  /**
   * The live object differs from the desired one: apply it.
   *
   * @param changed the paths that differ (never their values, which may be secret)
   */
  record Configure(List<String> changed) implements Action {
    public Configure {
      changed = List.copyOf(changed);
    }
  }

  /** The live object already holds every desired field: no write. */
  record Keep() implements Action {}

  /** The object cannot be applied; reported failed without a write. */
  record Reject(String reason) implements Action {}

  Action CREATE = new Create();
  Action KEEP = new Keep();
}
