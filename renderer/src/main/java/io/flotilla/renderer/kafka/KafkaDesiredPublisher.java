package io.flotilla.renderer.kafka;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.renderer.app.DesiredPublisher;
import io.flotilla.renderer.app.RendererConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes events to {@code flotilla.desired} (channel {@code desired}: ClusterPartitioner, gzip,
 * acks=all) and waits until Kafka acknowledged every one.
 *
 * <p>The emitter's Uni is lazy (nothing is sent until it is subscribed), completes on the broker's
 * ack and fails on a nack: a send error, or the emitter's buffer overflowing. At most {@link
 * #IN_FLIGHT} events are handed to the emitter at once, so an application targeting thousands of
 * clusters queues here instead of overflowing that buffer; any failure reaches the caller.
 */
@Singleton
public class KafkaDesiredPublisher implements DesiredPublisher {
  /** Below the emitter's default buffer (128), so sends wait for acks instead of overflowing it. */
  static final int IN_FLIGHT = 64;

  private final EventCodec codec = new EventCodec();
  private final MutinyEmitter<String> emitter;
  private final Duration timeout;

  @Inject
  public KafkaDesiredPublisher(
      @Channel("desired") MutinyEmitter<String> emitter, RendererConfig config) {
    this(emitter, config.sendTimeout());
  }

  KafkaDesiredPublisher(MutinyEmitter<String> emitter, Duration timeout) {
    this.emitter = emitter;
    this.timeout = timeout;
  }

  @Override
  public void publish(List<CloudEvent<DesiredEvent>> events) {
    List<CloudEvent<DesiredEvent>> acked =
        Multi.createFrom()
            .iterable(events)
            .onItem()
            .transformToUni(
                e -> emitter.sendMessage(KafkaRecord.of(e.key(), codec.encode(e))).replaceWith(e))
            .merge(IN_FLIGHT)
            .collect()
            .asList()
            .await()
            .atMost(timeout);
    if (acked.size() != events.size()) {
      throw new IllegalStateException(
          acked.size() + " of " + events.size() + " events acknowledged by Kafka");
    }
  }
}
