package io.flotilla.applier.domain;

/** A desired object and what the cluster holds under its name. */
public record Pair(DesiredObject desired, Live live) {}
