package io.flotilla.renderer.app;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredEvent;
import java.util.List;

/** Publishes events to {@code flotilla.desired}. */
public interface DesiredPublisher {

  /**
   * Sends every event, keyed {@code <cluster>/<app>}, and returns only once Kafka has acknowledged
   * all of them.
   *
   * @throws RuntimeException when any of them could not be written; some others may have been
   */
  void publish(List<CloudEvent<DesiredEvent>> events);
}
