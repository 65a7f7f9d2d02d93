package io.flotilla.applier.kafka;

import io.flotilla.events.AccessDenied;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.ControlEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads all of {@code flotilla.control} on every instance: no consumer group, every partition
 * assigned, from the beginning. Records that were on the topic at start-up are replayed into the
 * {@link io.flotilla.applier.app.ControlGate} (pauses and suspensions survive a restart) without
 * acting on them; later ones also act (resume applies what was held, sync and rollback run).
 * Desired states wait until the replay is done ({@link #caughtUp()}). Polls every 200 ms, so a
 * pause takes effect on every instance within a second.
 */
@ApplicationScoped
public class ControlConsumer {
  private static final Duration POLL = Duration.ofMillis(200);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject ControlActions actions;
  @Inject ApplierMetrics metrics;

  private final EventCodec codec = new EventCodec();
  private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
  private TopicThread reader;

  void start(@Observes StartupEvent startup) {
    reader =
        new TopicThread(
            "flotilla-control",
            () -> TopicReads.consumer(bootstrap, "flotilla-applier-control"),
            this::consume,
            e ->
                Log.errorf(
                    "reading %s failed, starting again in 5 s: %s", Topics.CONTROL, e.toString()));
    reader.start();
  }

  /** Completes once the control topic was read up to its end at start-up. */
  public CompletableFuture<Void> caughtUp() {
    return caughtUp;
  }

  @PreDestroy
  void stop() throws InterruptedException {
    if (reader != null) {
      reader.stop();
    }
  }

  private void consume(KafkaConsumer<String, String> c, BooleanSupplier running) {
    List<TopicPartition> partitions =
        c.partitionsFor(Topics.CONTROL).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      // Desired states wait (caughtUp stays open): applying while pauses are unknown is unsafe.
      throw new IllegalStateException(
          "topic " + Topics.CONTROL + " does not exist; create it (deploy/local/kafka.sh topics)");
    }
    c.assign(partitions);
    c.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = c.endOffsets(partitions);
    while (running.getAsBoolean()) {
      boolean replaying = !caughtUp.isDone();
      for (ConsumerRecord<String, String> record : c.poll(POLL)) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        handle(record, replaying && record.offset() < ends.getOrDefault(tp, 0L));
      }
      if (replaying && partitions.stream().allMatch(tp -> c.position(tp) >= ends.get(tp))) {
        Log.infof("%s read up to where it stood at start-up", Topics.CONTROL);
        caughtUp.complete(null);
      }
    }
  }

  private void handle(ConsumerRecord<String, String> record, boolean replay) {
    String where = Topics.CONTROL + "-" + record.partition() + "@" + record.offset();
    CloudEvent<FlotillaEvent> event;
    try {
      event = codec.decode(record.value());
    } catch (EventDecodingException e) {
      Log.warnf("%s is not a readable event; skipped", where);
      return;
    }
    if (event.data() instanceof AccessDenied) {
      // Refused API requests share the topic so the auditor records them; nothing to do here.
      Log.debugf("%s is a refused API request; nothing to act on", where);
      return;
    }
    if (!(event.data() instanceof ControlEvent control)) {
      Log.warnf(
          "%s has type %s, which does not belong on %s; skipped",
          where, event.type(), Topics.CONTROL);
      return;
    }
    metrics.consumed(Topics.CONTROL, event.type());
    try {
      actions.on(control, !replay);
    } catch (RuntimeException e) {
      Log.errorf(e, "%s (%s) could not be acted on", where, event.type());
    }
  }
}
