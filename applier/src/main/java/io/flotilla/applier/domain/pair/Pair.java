package io.flotilla.applier.domain.pair;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.Live;

/** A desired object and what the cluster holds under its name. */
public record Pair(DesiredObject desired, Live live) {}
