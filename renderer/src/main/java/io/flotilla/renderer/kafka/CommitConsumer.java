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
 * {@code flotilla.commits} → {@link RenderService}. Blocking (Git) and ordered: one record at a
 * time, so two commits of one application are never rendered out of order. Throwing nacks the
 * record, which sends it to the dead-letter topic with the exception's message as the reason.
 */
@ApplicationScoped
public class CommitConsumer {
  private final EventCodec codec = new EventCodec();
  private final RenderService renderer;
  private final RendererMetrics metrics;

  @Inject
  public CommitConsumer(RenderService renderer, RendererMetrics metrics) {
    this.renderer = renderer;
    this.metrics = metrics;
  }

  @Incoming("commits")
  @Blocking
  public void consume(String value) {
    renderer.handle(decode(value));
  }

  private CloudEvent<FlotillaEvent> decode(String value) {
    try {
      CloudEvent<FlotillaEvent> event = codec.decode(value);
      metrics.consumed(Topics.COMMITS, event.type());
      return event;
    } catch (EventDecodingException e) {
      // counted here; SmallRye logs the exception and dead-letters the record with its message
      metrics.consumed(Topics.COMMITS, RendererMetrics.INVALID);
      throw e;
    }
  }
}
