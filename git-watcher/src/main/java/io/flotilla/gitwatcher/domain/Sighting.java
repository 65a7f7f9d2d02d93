package io.flotilla.gitwatcher.domain;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import io.flotilla.events.Signature;
import java.time.Instant;

/**
 * An application's ref now names {@code sha}; it was last announced at {@code previousSha} ({@code
 * null} on first sighting).
 *
 * @param ref the ref as announced: the branch, the tag, the tag chosen for a semver range, or the
 *     pinned SHA
 * @param cause why an already announced commit is announced again, or {@code null}
 */
public record Sighting(String app, String ref, String previousSha, String sha, String cause) {

  public Sighting(String app, String ref, String previousSha, String sha) {
    this(app, ref, previousSha, sha, null);
  }

  /** Announced again because the fleet changed: no comparison of files decides it. */
  public boolean isReannouncement() {
    return cause != null;
  }

  /** Whether there is a previously announced commit to compare with. */
  public boolean isFirst() {
    return previousSha == null;
  }

  /**
   * The event announcing this sighting, from what Git says about the commit.
   *
   * @param forced {@code sha} does not descend from {@code previousSha}
   * @param signature the signature check, or {@code null} when not checked
   */
  public CommitDetected toEvent(
      String repoUrlForEvents,
      Person author,
      Person committer,
      String message,
      Instant commitTime,
      boolean forced,
      Signature signature) {
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
        forced,
        signature,
        cause);
  }
}
