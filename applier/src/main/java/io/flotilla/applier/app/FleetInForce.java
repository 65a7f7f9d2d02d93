package io.flotilla.applier.app;

import io.flotilla.fleet.Fleet;

/**
 * A CDI event: this instance's fleet in force changed from {@code previous} to {@code current}
 * (fired synchronously by {@link FleetRefresher}, after the clusters were updated).
 */
public record FleetInForce(Fleet previous, Fleet current) {}
