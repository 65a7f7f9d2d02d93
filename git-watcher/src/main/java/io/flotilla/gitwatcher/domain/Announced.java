package io.flotilla.gitwatcher.domain;

import java.time.Instant;

/**
 * The last commit announced for an application, as remembered across restarts (the value on {@code
 * flotilla.watch-state}, keyed by app).
 *
 * @param app the application
 * @param repoUrl its repository as announced (credentials removed)
 * @param ref the ref as announced (branch, tag, chosen tag, or SHA)
 * @param sha the announced commit
 * @param announcedAt when the broker acknowledged the announcement
 */
public record Announced(String app, String repoUrl, String ref, String sha, Instant announcedAt) {}
