package io.flotilla.applier.app;

/**
 * The Kafka record behind a desired state, as the sync path sees it. A record belongs to one
 * assignment of its partition to this instance; when the partition moves to another instance (a
 * rebalance, or this instance stopping) the lease goes stale: a sync not begun yet must not begin
 * (the new owner gets the record again from the last committed offset), and the rebalance waits for
 * syncs already begun before the new owner may start.
 */
public interface RecordLease {

  /**
   * Marks a sync of this record as running; {@code false} when the partition moved (or this
   * instance is stopping): then do not apply it, and do not settle the record.
   */
  boolean begin();

  /** The sync {@link #begin()} started is over; no-op when none is running. */
  void end();

  /** The record is done: its offset may be committed. */
  void ack();

  /** The record cannot be processed: it goes to the dead-letter topic. */
  void nack(Throwable failure);

  /** Whether the partition is still assigned to this instance and it is not stopping. */
  boolean current();

  /** The partition assignment this record came from: what {@link ControlGate#forget} matches. */
  Object owner();
}
