package io.flotilla.applier.kafka;

import io.flotilla.events.SyncCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The applier's meters, as Prometheus names them: {@code flotilla_events_consumed_total{topic,
 * type}}, {@code flotilla_events_produced_total{topic,type}}, {@code
 * flotilla_apply_writes_total{cluster}}, {@code flotilla_processing_seconds} (receipt to
 * acknowledgement) and {@code flotilla_sync_seconds{cluster}}.
 */
@Singleton
public class ApplierMetrics {
  private final MeterRegistry registry;

  @Inject
  public ApplierMetrics(MeterRegistry registry) {
    this.registry = registry;
    io.micrometer.core.instrument.Gauge.builder("flotilla.sync.queued", queued, Number::doubleValue)
        .description("Syncs admitted and not finished (waiting in a cluster lane or running)")
        .register(registry);
  }

  public void consumed(String topic, String type) {
    Counter.builder("flotilla.events.consumed")
        .description("Events read from Kafka")
        .tag("topic", topic)
        .tag("type", type)
        .register(registry)
        .increment();
  }

  void produced(String topic, String type) {
    Counter.builder("flotilla.events.produced")
        .description("Events written to Kafka and acknowledged")
        .tag("topic", topic)
        .tag("type", type)
        .register(registry)
        .increment();
  }

  void synced(SyncCompleted done, Duration took) {
    Counter.builder("flotilla.apply.writes")
        .description("Write calls sent to clusters")
        .tag("cluster", done.cluster())
        .register(registry)
        .increment(done.writes());
    Timer.builder("flotilla.sync")
        .description("Duration of one sync of one app to one cluster")
        .tag("cluster", done.cluster())
        .register(registry)
        .record(took);
  }

  private final java.util.concurrent.atomic.AtomicInteger queued =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Syncs waiting for or running in a lane (records and control-driven syncs). */
  void queued(int delta) {
    queued.addAndGet(delta);
  }

  void ignored() {
    Counter.builder("flotilla.desired.ignored")
        .description("Desired states skipped because the fleet does not target that app/cluster")
        .register(registry)
        .increment();
  }

  Timer.Sample startProcessing() {
    return Timer.start(registry);
  }

  void processed(Timer.Sample sample) {
    sample.stop(
        Timer.builder("flotilla.processing")
            .description("From receipt of a record to its acknowledgement")
            .register(registry));
  }
}
