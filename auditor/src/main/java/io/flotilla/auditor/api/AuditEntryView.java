package io.flotilla.auditor.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.flotilla.auditor.db.AuditEntry;
import java.time.Instant;

/**
 * One audit log entry as the API returns it.
 *
 * @param time when the event happened (its CloudEvent {@code time})
 * @param recordedAt when the auditor stored it
 * @param event the whole CloudEvent, as the JSON object that was hashed
 */
public record AuditEntryView(
    long seq,
    String eventId,
    String type,
    String topic,
    String app,
    String cluster,
    String revision,
    String actor,
    Instant time,
    Instant recordedAt,
    String prevHash,
    String hash,
    @JsonRawValue String event) {

  static AuditEntryView of(AuditEntry e) {
    return new AuditEntryView(
        e.seq,
        e.eventId,
        e.type,
        e.topic,
        e.app,
        e.cluster,
        e.revision,
        e.actor,
        e.eventTime,
        e.recordedAt,
        e.prevHash,
        e.hash,
        e.envelope);
  }
}
