package io.flotilla.gitwatcher.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/** Watchers for the component tests: wired as in production, publishing to the test. */
final class TestWatchers {
  private TestWatchers() {}

  /** Fleet events and commit events both go to {@code sink}. */
  static Watcher watcher(
      FleetHolder fleet,
      CommitPublisher sink,
      WatchStateStore store,
      Ownership ownership,
      int parallelism) {
    return watcher(fleet, sink, sink, store, ownership, parallelism);
  }

  static Watcher watcher(
      FleetHolder fleet,
      CommitPublisher fleetEvents,
      CommitPublisher commits,
      WatchStateStore store,
      Ownership ownership,
      int parallelism) {
    return new Watcher(
        fleet,
        new FleetWatch(fleet, fleetEvents, Clock.systemUTC()),
        new CommitSignatures(fleet),
        commits,
        new SimpleMeterRegistry(),
        Clock.systemUTC(),
        store,
        ownership,
        parallelism);
  }
}
