package io.flotilla.auditor.domain;

import io.flotilla.events.EventCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored row of the audit log, every column the chain covers.
 *
 * @param seq its position in the log: 1, 2, 3… without gaps
 * @param eventId the CloudEvent {@code id}; unique in the log
 * @param type the CloudEvent {@code type}
 * @param topic the Kafka topic the event was read from
 * @param app the application, or {@code null} for fleet-wide events
 * @param cluster the cluster, or {@code null}
 * @param revision the Git revision, or {@code null}
 * @param actor who caused it (see {@link Actors})
 * @param message the event's reason or message (see {@link Messages}), or {@code null}
 * @param eventTime the CloudEvent {@code time}, to the microsecond
 * @param recordedAt when the row was written (database clock, microseconds)
 * @param bundleHash the manifest bundle stored apart ({@code audit_bundle}), or {@code null}
 * @param envelope the canonical JSON of the stored CloudEvent (Secret data hashed, a desired
 *     state's {@code resources} moved to the bundle)
 * @param prevHash the previous row's hash
 * @param hash {@code sha256(prevHash || content())}
 */
public record AuditRow(
    long seq,
    String eventId,
    String type,
    String topic,
    String app,
    String cluster,
    String revision,
    String actor,
    String message,
    Instant eventTime,
    Instant recordedAt,
    String bundleHash,
    String envelope,
    String prevHash,
    String hash) {

  /**
   * What the chain hashes for this row: the canonical JSON (keys sorted, no whitespace) of every
   * column but the two hashes, with times in ISO-8601 ({@link Instant#toString()}) and absent
   * values as {@code null}.
   */
  public String content() {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("seq", seq);
    columns.put("eventId", eventId);
    columns.put("type", type);
    columns.put("topic", topic);
    columns.put("app", app);
    columns.put("cluster", cluster);
    columns.put("revision", revision);
    columns.put("actor", actor);
    columns.put("message", message);
    columns.put("eventTime", eventTime.toString());
    columns.put("recordedAt", recordedAt.toString());
    columns.put("bundleHash", bundleHash);
    columns.put("envelope", envelope);
    return EventCodec.canonical(columns);
  }
}
