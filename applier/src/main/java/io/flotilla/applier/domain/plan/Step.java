package io.flotilla.applier.domain.plan;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.ObjectRef;

/**
 * One entry of a plan: an object and what to do with it.
 *
 * @param object the desired object; {@code null} for prune candidates
 */
public record Step(ObjectRef ref, DesiredObject object, Action action) {}
