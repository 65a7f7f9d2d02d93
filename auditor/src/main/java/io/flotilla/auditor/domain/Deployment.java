package io.flotilla.auditor.domain;

import java.time.Instant;

/**
 * One step of an application's deployment history: a sync of a revision to a cluster, or a rollback
 * requested to a revision.
 *
 * @param kind {@code sync} or {@code rollback}
 * @param cluster the cluster, or {@code null} for a rollback of every cluster
 * @param revision the revision synced, or the rollback's target
 * @param outcome a sync's status ({@code synced}, {@code failed}); {@code null} for a rollback
 * @param author the commit author of a sync, the requesting identity of a rollback
 * @param message the commit message of a sync's revision, the reason of a rollback
 * @param rollbackTo for a rollback, the revision it went back to
 */
public record Deployment(
    long seq,
    String eventId,
    String kind,
    String cluster,
    String revision,
    String outcome,
    String author,
    String message,
    Instant time,
    String rollbackTo) {}
