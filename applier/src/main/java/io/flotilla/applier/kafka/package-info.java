/**
 * The Kafka adapter: consumes {@code flotilla.desired}, hands each event to a per-cluster lane, and
 * publishes one {@code SyncCompleted} per sync to {@code flotilla.sync-results}.
 *
 * <p><b>Offsets.</b> The channel uses the {@code throttled} commit strategy: it commits, per
 * partition, the highest offset below which every record has been acknowledged. Records are
 * processed concurrently (different clusters in parallel), so a record is acknowledged only when
 * its sync finished and Kafka acknowledged its {@code SyncCompleted} (acks=all); a crash before
 * that re-delivers it, and the re-run costs no writes when the cluster already matches.
 *
 * <p><b>Failures.</b> A record that is not a readable desired-state event, or whose result cannot
 * be published, is nacked: the {@code dead-letter-queue} failure strategy sends it to {@code
 * flotilla.dead-letter} with the reason in its headers, and the partition moves on. Cluster and
 * object failures are not failures here: they are outcomes in the {@code SyncCompleted}.
 *
 * <p><b>Back-pressure.</b> At most {@code FLOTILLA_APPLY_MAX_IN_FLIGHT} records are between receipt
 * and acknowledgement; beyond that the consume method's stage stays pending and the connector
 * pauses the consumer.
 */
package io.flotilla.applier.kafka;
