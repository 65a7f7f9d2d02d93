package io.flotilla.applier.app;

/** The CloudEvents {@code source} of the events this instance emits. */
public record EventSource(String uri) {}
