package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitDetected;

/** Port: publishes a CommitDetected and returns once the broker acknowledged it. */
public interface CommitPublisher {
  void publish(CommitDetected event);
}
