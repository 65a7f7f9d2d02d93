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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes CommitDetected and WatchFailed to {@code flotilla.commits}, keyed by app, and waits for
 * the ack. A batch is sent {@value #CHUNK} records at a time, each chunk sent whole before its acks
 * are awaited: one broker round trip per chunk instead of one per event, and never more in flight
 * than the emitter's buffer (128) holds.
 */
@ApplicationScoped
public class KafkaCommitPublisher implements CommitPublisher {
  private static final Logger LOG = Logger.getLogger(KafkaCommitPublisher.class);
  static final int CHUNK = 100;

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
    published(envelope);
  }

  /**
   * Sends a chunk, then waits for every ack of it; the first failure is thrown once the whole chunk
   * is settled (the events acknowledged before it are logged and counted as published).
   */
  @Override
  public void publishAll(List<? extends CommitEvent> events) {
    for (int from = 0; from < events.size(); from += CHUNK) {
      List<CloudEvent<CommitEvent>> envelopes = new ArrayList<>();
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (CommitEvent event : events.subList(from, Math.min(from + CHUNK, events.size()))) {
        CloudEvent<CommitEvent> envelope = CloudEvent.of(event, source, Clock.systemUTC());
        envelopes.add(envelope);
        acks.add(
            emitter
                .send(Record.of(envelope.key(), codec.encode(envelope)))
                .subscribeAsCompletionStage());
      }
      RuntimeException failure = null;
      for (int i = 0; i < acks.size(); i++) {
        try {
          acks.get(i).get();
          published(envelopes.get(i));
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                new IllegalStateException(
                    "publishing "
                        + envelopes.get(i).type()
                        + " of app "
                        + envelopes.get(i).key()
                        + " to "
                        + Topics.COMMITS
                        + " failed",
                    e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted publishing to " + Topics.COMMITS, e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void published(CloudEvent<CommitEvent> envelope) {
    metrics
        .counter("flotilla.events.produced", "topic", Topics.COMMITS, "type", envelope.type())
        .increment();
    if (envelope.data() instanceof CommitDetected c) {
      LOG.infof(
          "CommitDetected app=%s ref=%s sha=%s previous=%s%s event=%s",
          c.app(), c.ref(), c.sha(), c.previousSha(), c.forced() ? " forced" : "", envelope.id());
    } else if (envelope.data() instanceof WatchFailed f) {
      LOG.infof(
          "WatchFailed app=%s ref=%s reason=%s event=%s",
          f.app(), f.ref(), f.reason(), envelope.id());
    }
  }
}
