package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitEvent;

/**
 * Port: publishes a CommitDetected or WatchFailed to {@code flotilla.commits}, keyed by app, and
 * returns once the broker acknowledged it.
 */
public interface CommitPublisher {
  void publish(CommitEvent event);
}
