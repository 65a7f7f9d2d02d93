/**
 * What the CLI decides from the applier's view, as pure functions over plain data: when a requested
 * sync or rollback has converged or failed on each cluster ({@link
 * io.flotilla.cli.domain.SyncProgress}), and when a pause or resume is acknowledged ({@link
 * io.flotilla.cli.domain.ControlScope}). No I/O, no clock, no JSON: {@code java.*} only.
 */
package io.flotilla.cli.domain;
