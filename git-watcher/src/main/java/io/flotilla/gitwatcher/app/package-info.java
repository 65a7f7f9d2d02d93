/**
 * The poll loop: every interval, one {@code ls-remote} per watched (repo, branch) — never a fetch
 * unless the SHA moved — then one {@code CommitDetected} per application whose branch moved. A
 * failing repository is logged and retried next poll; it never delays the others.
 */
package io.flotilla.gitwatcher.app;
