package io.flotilla.auditor.app;

/**
 * One consumed record, as the recorder needs it.
 *
 * @param topic where it was read from
 * @param value the record value (a CloudEvent, hopefully)
 */
public record Consumed(String topic, String value) {}
