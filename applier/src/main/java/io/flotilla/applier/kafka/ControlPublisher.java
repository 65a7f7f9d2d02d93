package io.flotilla.applier.kafka;

import io.flotilla.applier.app.EventSource;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.ControlEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes control events (from the REST API, or automatic rollbacks) to {@code flotilla.control}
 * partition 0, keyed as {@link io.flotilla.events.Keys#of} says, acks=all. The stage completes when
 * Kafka acknowledged the record.
 */
@ApplicationScoped
public class ControlPublisher {
  /**
   * Every control event goes to one partition, so every instance folds them in the same order (a
   * resume of everything must not overtake the pause of one cluster it follows). Keys stay as
   * {@code Keys.of} makes them.
   */
  static final int PARTITION = 0;

  private final EventCodec codec = new EventCodec();

  @Inject
  @Channel("control")
  MutinyEmitter<String> emitter;

  @Inject EventSource source;
  @Inject Clock clock;
  @Inject ApplierMetrics metrics;

  public CompletionStage<CloudEvent<ControlEvent>> publish(ControlEvent control) {
    CloudEvent<ControlEvent> event = CloudEvent.of(control, source.uri(), clock);
    return emitter
        .sendMessage(
            KafkaRecord.of(Topics.CONTROL, event.key(), codec.encode(event), null, PARTITION))
        .invoke(() -> metrics.produced(Topics.CONTROL, event.type()))
        .replaceWith(event)
        .subscribeAsCompletionStage();
  }
}
