package io.flotilla.auditor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.flotilla.auditor.domain.AuditRow;
import java.time.Instant;

/**
 * One audit log entry as the API returns it.
 *
 * @param time when the event happened (its CloudEvent {@code time})
 * @param recordedAt when the auditor stored it
 * @param message the event's reason or message, when it has one
 * @param bundleHash the manifest bundle stored apart for a desired state ({@code GET
 *     /api/v1/audit/{eventId}} returns it)
 * @param event the stored CloudEvent, as a JSON object (Secret data hashed; a desired state's
 *     {@code resources} are in the bundle)
 * @param bundle the bundle itself, a JSON array, only on {@code GET /api/v1/audit/{eventId}}
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
    String message,
    Instant time,
    Instant recordedAt,
    String bundleHash,
    String prevHash,
    String hash,
    @JsonRawValue String event,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String bundle) {

  static AuditEntryView of(AuditRow r) {
    return of(r, null);
  }

  static AuditEntryView of(AuditRow r, String bundle) {
    return new AuditEntryView(
        r.seq(),
        r.eventId(),
        r.type(),
        r.topic(),
        r.app(),
        r.cluster(),
        r.revision(),
        r.actor(),
        r.message(),
        r.eventTime(),
        r.recordedAt(),
        r.bundleHash(),
        r.prevHash(),
        r.hash(),
        r.envelope(),
        bundle);
  }
}
