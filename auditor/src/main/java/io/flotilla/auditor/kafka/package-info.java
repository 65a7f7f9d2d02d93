/**
 * The Kafka adapter: consumes every audited topic in batches and hands each batch to the recorder.
 *
 * <p>A batch is acknowledged only after its events are committed in PostgreSQL (offsets are
 * committed by SmallRye's {@code throttled} strategy, which never commits past an unacknowledged
 * record). Records that are not Flotilla events are written to {@code flotilla.dead-letter} with
 * their reason before the batch is acknowledged. Never blocks a partition on a bad record; never
 * dead-letters a good one.
 */
package io.flotilla.auditor.kafka;
