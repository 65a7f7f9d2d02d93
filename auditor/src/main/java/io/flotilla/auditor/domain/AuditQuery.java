package io.flotilla.auditor.domain;

import java.time.Instant;

/**
 * A search of the audit log; a {@code null} filter matches everything, and filters combine with
 * AND.
 *
 * @param actor the whole {@code Name <email>} (or identity, or {@code flotilla/<service>}) or just
 *     the e-mail address, ignoring case
 * @param typePrefix matches every type starting with it, e.g. {@code io.flotilla.sync}
 * @param since events whose time is at or after it
 * @param until events whose time is at or before it
 * @param text case-insensitive substring of the message (reason, commit message…)
 * @param after continue after this {@code seq} in the requested order (the cursor), or {@code null}
 * @param ascending oldest first; newest ({@code seq} highest) first otherwise
 * @param limit how many rows at most; {@code 0} for all (export)
 */
public record AuditQuery(
    String app,
    String cluster,
    String revision,
    String actor,
    String typePrefix,
    Instant since,
    Instant until,
    String text,
    Long after,
    boolean ascending,
    int limit) {}
