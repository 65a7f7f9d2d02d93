package io.flotilla.auditor.domain;

/** What became of one consumed record. */
public sealed interface StoreOutcome {

  /** Appended to the chain at {@code seq}. */
  record Stored(long seq, String hash) implements StoreOutcome {}

  /** An event with the same id is already in the log (a redelivery); nothing was written. */
  record Duplicate(long seq) implements StoreOutcome {}

  /** Not a Flotilla event: not stored, goes to the dead-letter topic. */
  record Rejected(String reason) implements StoreOutcome {}
}
