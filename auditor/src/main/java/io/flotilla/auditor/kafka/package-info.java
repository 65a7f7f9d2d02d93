/**
 * The Kafka adapter: consumes every audited topic and hands each record to the recorder.
 *
 * <p>A record is acknowledged only after its row is committed in PostgreSQL (offsets are committed
 * by SmallRye's {@code throttled} strategy, which never commits past an unacknowledged record). A
 * record that is not a Flotilla event is nacked with its reason, and the channel's {@code
 * dead-letter-queue} failure strategy writes it to {@code flotilla.dead-letter}. Never blocks a
 * partition on a bad record; never dead-letters a good one.
 */
package io.flotilla.auditor.kafka;
