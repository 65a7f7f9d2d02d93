package io.flotilla.applier.api;

/** The error shape of every Flotilla REST API: {@code {error, message}}. */
public record ErrorBody(String error, String message) {}
