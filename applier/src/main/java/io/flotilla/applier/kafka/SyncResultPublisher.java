package io.flotilla.applier.kafka;

import io.flotilla.applier.app.EventSource;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes {@code SyncCompleted} to {@code flotilla.sync-results}, keyed {@code <cluster>/<app>}
 * (partitioned by cluster, acks=all). The returned stage completes when Kafka acknowledged the
 * record and fails when it did not: a result is never dropped silently.
 */
@ApplicationScoped
public class SyncResultPublisher {
  private final EventCodec codec = new EventCodec();

  @Inject
  @Channel("sync-results")
  MutinyEmitter<String> emitter;

  @Inject EventSource source;
  @Inject Clock clock;
  @Inject ApplierMetrics metrics;

  public CompletionStage<Void> publish(SyncCompleted done) {
    CloudEvent<SyncCompleted> event = CloudEvent.of(done, source.uri(), clock);
    return emitter
        .sendMessage(KafkaRecord.of(event.key(), codec.encode(event)))
        .invoke(() -> metrics.produced(Topics.SYNC_RESULTS, event.type()))
        .subscribeAsCompletionStage();
  }
}
