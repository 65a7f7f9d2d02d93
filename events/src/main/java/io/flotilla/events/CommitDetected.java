package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param forced the ref was rewritten: {@code sha} does not descend from {@code previousSha}
 *     (force-push, or a tag moved to an unrelated commit); absent from the JSON when false
 * @param signature the outcome of checking the commit's OpenPGP signature against the app's keys;
 *     absent when the watcher did not check (older producers)
 * @param cause why a commit already announced is announced again (e.g. the fleet changed the app);
 *     absent for a new commit
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
    Instant commitTime,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean forced,
    @JsonInclude(JsonInclude.Include.NON_NULL) Signature signature,
    @JsonInclude(JsonInclude.Include.NON_NULL) String cause)
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

  /** A commit that descends from {@code previousSha} (or a first sighting): not forced. */
  public CommitDetected(
      String app,
      String repoUrl,
      String ref,
      String sha,
      String previousSha,
      Person author,
      Person committer,
      String message,
      Instant commitTime) {
    this(app, repoUrl, ref, sha, previousSha, author, committer, message, commitTime, false);
  }

  /** A commit whose signature was not checked and that is announced for the first time. */
  public CommitDetected(
      String app,
      String repoUrl,
      String ref,
      String sha,
      String previousSha,
      Person author,
      Person committer,
      String message,
      Instant commitTime,
      boolean forced) {
    this(
        app,
        repoUrl,
        ref,
        sha,
        previousSha,
        author,
        committer,
        message,
        commitTime,
        forced,
        null,
        null);
  }

  /**
   * Whether the commit may be rendered and applied: false when the app requires signatures and this
   * commit's is not valid. Such an event is published (so the audit log shows the refusal) but
   * nothing downstream acts on it.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean deployable() {
    return signature == null
        || !signature.required()
        || signature.status() == Signature.Status.VALID;
  }

  @Override
  public String revision() {
    return sha;
  }
}
