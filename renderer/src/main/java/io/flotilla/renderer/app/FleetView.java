package io.flotilla.renderer.app;

import io.flotilla.fleet.Fleet;

/** The fleet in force: which applications exist, which clusters they target, which policies. */
public interface FleetView {
  /** The fleet in force now; call on every use, it changes when the fleet repo moves. */
  Fleet current();

  /**
   * Checks the fleet repo once more and returns the fleet in force afterwards (the same one when
   * the repo did not move, or moved to an invalid revision).
   */
  default Fleet refresh() {
    return current();
  }
}
