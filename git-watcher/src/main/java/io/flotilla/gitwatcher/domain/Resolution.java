package io.flotilla.gitwatcher.domain;

/** What an application's ref points at right now, or why it points at nothing. */
public sealed interface Resolution {

  /**
   * @param ref the ref that names the commit: the branch, the tag (for a semver range, the chosen
   *     tag, e.g. {@code v1.4.2}) or the pinned SHA
   * @param sha the commit
   */
  record Resolved(String ref, String sha) implements Resolution {}

  /** The ref names no commit (deleted branch or tag, no tag in range), or the repo failed. */
  record Unresolved(String reason) implements Resolution {}
}
