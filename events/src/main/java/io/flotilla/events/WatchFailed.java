package io.flotilla.events;

import java.time.Instant;

/**
 * An application's ref could not be read: its repository failed ({@code ls-remote} or fetch), or
 * the ref names no commit (branch or tag deleted, no tag in the semver range). Published when the
 * failure starts or its reason changes, not on every poll. Nothing downstream acts on it: the
 * application keeps its last applied state.
 *
 * @param app the application whose source could not be read
 * @param repoUrl its source repository (never carries credentials)
 * @param ref the ref as the fleet repo declares it (a branch, tag, semver range or SHA)
 * @param reason what went wrong, credentials removed
 * @param failedAt when the watcher saw the failure
 */
public record WatchFailed(String app, String repoUrl, String ref, String reason, Instant failedAt)
    implements CommitEvent {
  public WatchFailed {
    Required.text(app, "app");
    Required.text(repoUrl, "repoUrl");
    Required.text(ref, "ref");
    Required.text(reason, "reason");
    Required.value(failedAt, "failedAt");
  }

  /** No commit: the failure is that the ref names none that could be read. */
  @Override
  public String revision() {
    return null;
  }

  /** Nobody authored a failure. */
  @Override
  public Person author() {
    return null;
  }
}
