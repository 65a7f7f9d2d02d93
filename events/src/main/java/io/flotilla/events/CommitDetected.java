package io.flotilla.events;

import java.time.Instant;

/**
 * A watched (repo, ref) of an application moved to a new commit.
 *
 * @param app the application whose source moved
 * @param repoUrl the application's source repository (never carries credentials)
 * @param ref the ref that moved, e.g. {@code main}
 * @param sha the new commit
 * @param previousSha the commit the ref pointed at before, or {@code null} on first sighting
 * @param author the commit's author
 * @param committer the commit's committer
 * @param message the full commit message
 * @param commitTime the committer time of the commit
 */
public record CommitDetected(
    String app,
    String repoUrl,
    String ref,
    String sha,
    String previousSha,
    Person author,
    Person committer,
    String message,
    Instant commitTime)
    implements CommitEvent {
  public CommitDetected {
    Required.text(app, "app");
    Required.text(repoUrl, "repoUrl");
    Required.text(ref, "ref");
    Required.text(sha, "sha");
    Required.value(author, "author");
    Required.value(committer, "committer");
    Required.value(commitTime, "commitTime");
    message = message == null ? "" : message;
  }

  @Override
  public String revision() {
    return sha;
  }
}
