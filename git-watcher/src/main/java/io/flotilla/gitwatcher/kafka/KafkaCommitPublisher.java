package io.flotilla.gitwatcher.kafka;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.gitwatcher.app.CommitPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Publishes CommitDetected to {@code flotilla.commits}, keyed by app, and waits for the ack. */
@ApplicationScoped
public class KafkaCommitPublisher implements CommitPublisher {
  private static final Logger LOG = Logger.getLogger(KafkaCommitPublisher.class);

  private final MutinyEmitter<Record<String, String>> emitter;
  private final EventCodec codec = new EventCodec();
  private final String source;
  private final MeterRegistry metrics;

  KafkaCommitPublisher(
      @Channel("commits") MutinyEmitter<Record<String, String>> emitter,
      @ConfigProperty(name = "flotilla.instance") String instance,
      MeterRegistry metrics) {
    this.emitter = emitter;
    this.source = CloudEvent.source("git-watcher", instance);
    this.metrics = metrics;
  }

  @Override
  public void publish(CommitDetected event) {
    CloudEvent<CommitDetected> envelope = CloudEvent.of(event, source, Clock.systemUTC());
    emitter.sendAndAwait(Record.of(envelope.key(), codec.encode(envelope)));
    metrics
        .counter("flotilla.events.produced", "topic", Topics.COMMITS, "type", envelope.type())
        .increment();
    LOG.infof(
        "CommitDetected app=%s ref=%s sha=%s previous=%s event=%s",
        event.app(), event.ref(), event.sha(), event.previousSha(), envelope.id());
  }
}
