package io.flotilla.applier.domain.pair;

import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;

/**
 * An object the app's inventory lists on the cluster that the desired state no longer declares: a
 * prune candidate. {@code live} is what the cluster holds (absent ones are not orphans).
 */
public record Orphan(ObjectRef ref, Live live) {}
