package io.flotilla.renderer.app;

import io.flotilla.fleet.Fleet;

/** The fleet as currently known: which applications exist and which clusters they target. */
public interface FleetView {
  Fleet current();
}
