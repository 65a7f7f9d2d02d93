/**
 * git-watcher's Kafka adapters: {@code flotilla.commits} (CommitDetected, WatchFailed; keyed by
 * app, acknowledged before the caller moves on) and the compacted {@code flotilla.watch-state} (the
 * last announced commit per app, read to its end at start-up with a group-less consumer).
 */
package io.flotilla.gitwatcher.kafka;
