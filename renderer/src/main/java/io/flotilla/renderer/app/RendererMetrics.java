package io.flotilla.renderer.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * The renderer's metrics, as Prometheus shows them: {@code flotilla_events_consumed_total{topic,
 * type}}, {@code flotilla_events_produced_total{topic,type}}, {@code
 * flotilla_render_failures_total} (revisions that did not render, once per revision whatever the
 * number of clusters) and the timer {@code flotilla_processing_seconds} (one commit, from decoded
 * record to acknowledged events).
 */
@Singleton
public class RendererMetrics {
  /** The {@code type} tag of a record that is not a readable Flotilla event. */
  public static final String INVALID = "invalid";

  private final MeterRegistry registry;
  private final Timer processing;

  @Inject
  public RendererMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.processing =
        Timer.builder("flotilla.processing")
            .description("Time to handle one consumed record, until its events are acknowledged")
            .register(registry);
    registry.counter("flotilla.render.failures");
  }

  public void consumed(String topic, String type) {
    registry.counter("flotilla.events.consumed", "topic", topic, "type", type).increment();
  }

  public void produced(String topic, String type) {
    registry.counter("flotilla.events.produced", "topic", topic, "type", type).increment();
  }

  public void renderFailed() {
    registry.counter("flotilla.render.failures").increment();
  }

  public <T> T time(Supplier<T> work) {
    return processing.record(work);
  }
}
