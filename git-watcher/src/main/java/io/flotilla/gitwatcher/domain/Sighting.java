package io.flotilla.gitwatcher.domain;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import java.time.Instant;

/**
 * An application's ref now names {@code sha}; it was last announced at {@code previousSha} ({@code
 * null} on first sighting).
 *
 * @param ref the ref as announced: the branch, the tag, the tag chosen for a semver range, or the
 *     pinned SHA
 */
public record Sighting(String app, String ref, String previousSha, String sha) {

  /** The event announcing this sighting, from what Git says about the commit. */
  public CommitDetected toEvent(
      String repoUrlForEvents,
      Person author,
      Person committer,
      String message,
      Instant commitTime) {
    return new CommitDetected(
        app, repoUrlForEvents, ref, sha, previousSha, author, committer, message, commitTime);
  }
}
