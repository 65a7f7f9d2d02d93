package io.flotilla.applier.domain.plan;

import java.util.List;

/** What a sync does with one object, decided before any write. */
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

  /** The app owned the object and no longer declares it: delete it. */
  record Prune() implements Action {}

  /** A prune candidate that stays, and why (policy, annotation, empty render); reported. */
  record Retain(String reason) implements Action {}

  Action CREATE = new Create();
  Action KEEP = new Keep();
  Action PRUNE = new Prune();

  /** Whether carrying it out writes to the cluster. */
  default boolean writes() {
    return this instanceof Create || this instanceof Configure || this instanceof Prune;
  }
}
