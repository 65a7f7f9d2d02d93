package io.flotilla.fleet.git;

import java.time.Instant;

/** What Git says about one commit. */
public record CommitInfo(
    String sha,
    String authorName,
    String authorEmail,
    String committerName,
    String committerEmail,
    String message,
    Instant commitTime) {}
