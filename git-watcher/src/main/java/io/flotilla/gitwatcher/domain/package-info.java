/**
 * Change detection as pure functions: which repositories to list for a fleet ({@link
 * io.flotilla.gitwatcher.domain.WatchTarget}), which commit an application's ref names among the
 * remote's refs ({@link io.flotilla.gitwatcher.domain.RefResolver}: branch, tag, semver range,
 * pinned commit), whether that is news ({@link io.flotilla.gitwatcher.domain.AppWatch}) and whether
 * a moved ref concerns an app of a monorepo ({@link io.flotilla.gitwatcher.domain.Relevance}).
 * Imports {@code java.*}, events, the fleet model and semver4j only; never Git, Kafka or Quarkus.
 */
package io.flotilla.gitwatcher.domain;
