package io.flotilla.applier.app;

import io.flotilla.applier.domain.plan.PlanPolicy;

/** The prune policy of an app, as the fleet in force declares it. */
@FunctionalInterface
public interface SyncPolicies {
  PlanPolicy of(String app);
}
