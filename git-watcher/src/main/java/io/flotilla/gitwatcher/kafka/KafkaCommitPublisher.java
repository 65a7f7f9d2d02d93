package io.flotilla.gitwatcher.kafka;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.CommitEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.events.WatchFailed;
import io.flotilla.gitwatcher.app.CommitPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes CommitDetected and WatchFailed to {@code flotilla.commits}, keyed by app, and waits for
 * the ack.
 */
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
  public void publish(CommitEvent event) {
    CloudEvent<CommitEvent> envelope = CloudEvent.of(event, source, Clock.systemUTC());
    emitter.sendAndAwait(Record.of(envelope.key(), codec.encode(envelope)));
    metrics
        .counter("flotilla.events.produced", "topic", Topics.COMMITS, "type", envelope.type())
        .increment();
    if (event instanceof CommitDetected c) {
      LOG.infof(
          "CommitDetected app=%s ref=%s sha=%s previous=%s%s event=%s",
          c.app(), c.ref(), c.sha(), c.previousSha(), c.forced() ? " forced" : "", envelope.id());
    } else if (event instanceof WatchFailed f) {
      LOG.infof(
          "WatchFailed app=%s ref=%s reason=%s event=%s",
          f.app(), f.ref(), f.reason(), envelope.id());
    }
  }
}
