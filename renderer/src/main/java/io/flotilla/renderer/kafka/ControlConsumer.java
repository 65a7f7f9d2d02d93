package io.flotilla.renderer.kafka;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import io.flotilla.renderer.app.RenderService;
import io.flotilla.renderer.app.RendererMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code flotilla.control} → {@link RenderService}: a {@code RollbackRequested} renders its {@code
 * toRevision} again; pause, resume and sync requests are the applier's and are ignored here. Read
 * from the end at first start (group {@code flotilla-renderer-control}): an old rollback is never
 * replayed. Throwing nacks the record, which goes to the dead-letter topic.
 */
@ApplicationScoped
public class ControlConsumer {
  private final EventCodec codec = new EventCodec();
  private final RenderService renderer;
  private final RendererMetrics metrics;

  @Inject
  public ControlConsumer(RenderService renderer, RendererMetrics metrics) {
    this.renderer = renderer;
    this.metrics = metrics;
  }

  @Incoming("control")
  @Blocking
  public void consume(String value) {
    renderer.handle(decode(value));
  }

  private CloudEvent<FlotillaEvent> decode(String value) {
    try {
      CloudEvent<FlotillaEvent> event = codec.decode(value);
      metrics.consumed(Topics.CONTROL, event.type());
      return event;
    } catch (EventDecodingException e) {
      metrics.consumed(Topics.CONTROL, RendererMetrics.INVALID);
      throw e;
    }
  }
}
