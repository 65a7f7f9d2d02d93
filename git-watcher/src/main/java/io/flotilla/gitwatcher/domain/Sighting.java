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

  /** Whether there is a previously announced commit to compare with. */
  public boolean isFirst() {
    return previousSha == null;
  }

  /**
   * The event announcing this sighting, from what Git says about the commit.
   *
   * @param forced {@code sha} does not descend from {@code previousSha}
   */
  public CommitDetected toEvent(
      String repoUrlForEvents,
      Person author,
      Person committer,
      String message,
      Instant commitTime,
      boolean forced) {
    return new CommitDetected(
        app,
        repoUrlForEvents,
        ref,
        sha,
        previousSha,
        author,
        committer,
        message,
        commitTime,
        forced);
  }
}
