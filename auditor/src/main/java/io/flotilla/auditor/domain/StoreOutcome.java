package io.flotilla.auditor.domain;

/** What became of one event handed to the audit log. */
public sealed interface StoreOutcome {

  /** Appended to the chain at {@code seq}. */
  record Stored(long seq, String hash) implements StoreOutcome {}

  /** An event with the same id is already in the log (a redelivery); nothing was written. */
  record Duplicate(String eventId) implements StoreOutcome {}
}
