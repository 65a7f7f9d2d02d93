package io.flotilla.auditor.domain;

import io.flotilla.events.EventCodec;
import java.time.Instant;

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
   * What the chain hashes for this row: the canonical JSON (keys sorted, no whitespace, as {@link
   * EventCodec#canonical(Object)} writes it) of every column but the two hashes, with times in
   * ISO-8601 ({@link Instant#toString()}) and absent values as {@code null}. Written by hand, as
   * the hot path of every append and verification; a test holds it equal to the codec's output.
   */
  public String content() {
    StringBuilder json = new StringBuilder(envelope.length() + 512);
    json.append('{');
    field(json, "actor", actor).append(',');
    field(json, "app", app).append(',');
    field(json, "bundleHash", bundleHash).append(',');
    field(json, "cluster", cluster).append(',');
    field(json, "envelope", envelope).append(',');
    field(json, "eventId", eventId).append(',');
    field(json, "eventTime", eventTime.toString()).append(',');
    field(json, "message", message).append(',');
    field(json, "recordedAt", recordedAt.toString()).append(',');
    field(json, "revision", revision).append(',');
    json.append("\"seq\":").append(seq).append(',');
    field(json, "topic", topic).append(',');
    field(json, "type", type);
    return json.append('}').toString();
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    if (value == null) {
      return json.append("null");
    }
    json.append('"');
    // runs of characters that need no escaping are appended in one go (the hot path)
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      json.append(value, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> json.append(String.format("\\u%04X", (int) c));
      }
    }
    json.append(value, run, value.length());
    return json.append('"');
  }
}
