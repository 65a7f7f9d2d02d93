package io.flotilla.renderer.kafka;

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
  private final RenderService renderer;
  private final CountingDecoder decoder;

  @Inject
  public ControlConsumer(RenderService renderer, RendererMetrics metrics) {
    this.renderer = renderer;
    this.decoder = new CountingDecoder(metrics);
  }

  @Incoming("control")
  @Blocking
  public void consume(String value) {
    renderer.handle(decoder.decode(Topics.CONTROL, value));
  }
}
