package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitEvent;
import java.util.List;

/**
 * Port: publishes a CommitDetected or WatchFailed to {@code flotilla.commits}, keyed by app, and
 * returns once the broker acknowledged it.
 */
public interface CommitPublisher {
  void publish(CommitEvent event);

  /**
   * Publishes every event and returns once the broker acknowledged all of them; throws if any was
   * not acknowledged (some of the others may have been). Implementations talking to a broker send
   * them all before waiting, instead of one round trip per event.
   */
  default void publishAll(List<? extends CommitEvent> events) {
    events.forEach(this::publish);
  }
}
