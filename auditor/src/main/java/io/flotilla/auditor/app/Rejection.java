package io.flotilla.auditor.app;

/**
 * A consumed record that is not a storable Flotilla event: it goes to the dead-letter topic.
 *
 * @param index its position in the batch
 * @param reason why, in words; never quotes the record's content beyond its id and type
 */
public record Rejection(int index, String reason) {}
