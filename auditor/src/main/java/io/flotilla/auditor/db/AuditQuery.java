package io.flotilla.auditor.db;

/**
 * Filters of an audit log search; a {@code null} filter matches everything.
 *
 * @param actor matches the whole {@code Name <email>} or just the e-mail address, ignoring case
 * @param limit how many entries at most, newest first
 */
public record AuditQuery(
    String app, String cluster, String revision, String type, String actor, int limit) {}
