package io.flotilla.auditor.domain;

import java.time.Instant;

/**
 * What the audit log stores about one event, before it is chained.
 *
 * @param eventId the CloudEvent {@code id}
 * @param type the CloudEvent {@code type}
 * @param topic the Kafka topic the event was read from
 * @param app the application, or {@code null} for fleet-wide events
 * @param cluster the cluster, or {@code null}
 * @param revision the Git revision, or {@code null}
 * @param actor who caused the event ({@link Actors})
 * @param message its reason or message ({@link Messages}), or {@code null}
 * @param eventTime the CloudEvent {@code time}, truncated to microseconds (what PostgreSQL keeps)
 * @param envelope the canonical JSON of the CloudEvent as stored (Secret data hashed, bundle apart)
 * @param bundle the manifest bundle stored apart, or {@code null}
 */
public record AuditRecord(
    String eventId,
    String type,
    String topic,
    String app,
    String cluster,
    String revision,
    String actor,
    String message,
    Instant eventTime,
    String envelope,
    Bundle bundle) {

  /**
   * A manifest bundle: the canonical JSON array of a desired state's resources.
   *
   * @param hash {@code sha256(content)}
   */
  public record Bundle(String hash, String content) {}

  AuditRow toRow(long seq, Instant recordedAt, String prevHash, String hash) {
    return new AuditRow(
        seq,
        eventId,
        type,
        topic,
        app,
        cluster,
        revision,
        actor,
        message,
        eventTime,
        recordedAt,
        bundle == null ? null : bundle.hash(),
        envelope,
        prevHash,
        hash);
  }
}
