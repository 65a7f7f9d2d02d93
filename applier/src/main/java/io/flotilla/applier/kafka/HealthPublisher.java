package io.flotilla.applier.kafka;

import io.flotilla.applier.app.EventSource;
import io.flotilla.applier.app.HealthSink;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.Topics;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * {@code HealthChanged} to {@code flotilla.sync-results} (keyed {@code <cluster>/<app>},
 * partitioned by cluster) and automatic rollbacks to {@code flotilla.control}. A failed publication
 * is logged; the next assessment that differs is published again.
 */
@ApplicationScoped
public class HealthPublisher implements HealthSink {
  private final EventCodec codec = new EventCodec();

  @Inject
  @Channel("sync-results")
  MutinyEmitter<String> results;

  @Inject ControlPublisher control;
  @Inject EventSource source;
  @Inject Clock clock;
  @Inject ApplierMetrics metrics;

  @Override
  public CompletionStage<Void> healthChanged(HealthChanged health) {
    CloudEvent<HealthChanged> event = CloudEvent.of(health, source.uri(), clock);
    return results
        .sendMessage(KafkaRecord.of(event.key(), codec.encode(event)))
        .invoke(() -> metrics.produced(Topics.SYNC_RESULTS, event.type()))
        .onFailure()
        .invoke(
            e -> Log.errorf("HealthChanged for %s not published: %s", event.key(), e.toString()))
        .subscribeAsCompletionStage();
  }

  @Override
  public CompletionStage<Void> rollback(RollbackRequested rollback) {
    return control
        .publish(rollback)
        .<Void>thenApply(e -> null)
        .exceptionally(
            e -> {
              Log.errorf(
                  "automatic rollback of app=%s cluster=%s not published: %s",
                  rollback.app(), rollback.cluster(), e.toString());
              return null;
            });
  }
}
