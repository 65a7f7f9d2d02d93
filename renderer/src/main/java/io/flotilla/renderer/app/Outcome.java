package io.flotilla.renderer.app;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredEvent;
import java.util.List;

/** What handling one consumed event did. */
public sealed interface Outcome {

  /** Nothing was emitted, for the reason given (already logged). */
  record Ignored(String reason) implements Outcome {}

  /** These events were written and acknowledged. */
  record Published(List<CloudEvent<DesiredEvent>> events) implements Outcome {
    public Published {
      events = List.copyOf(events);
    }
  }
}
