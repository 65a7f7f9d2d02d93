package io.flotilla.renderer.kafka;

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
  private final RenderService renderer;
  private final CountingDecoder decoder;

  @Inject
  public CommitConsumer(RenderService renderer, RendererMetrics metrics) {
    this.renderer = renderer;
    this.decoder = new CountingDecoder(metrics);
  }

  @Incoming("commits")
  @Blocking
  public void consume(String value) {
    renderer.handle(decoder.decode(Topics.COMMITS, value));
  }
}
