package io.flotilla.applier.kafka;

import io.flotilla.applier.app.FleetRefresher;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.EventType;
import io.flotilla.events.FleetChanged;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the fleet again as soon as git-watcher announces that it moved ({@code FleetChanged} on
 * {@code flotilla.commits}, followed from its end on every instance, outside any group): the fleet
 * is then read while the renderer renders, instead of when the first desired state of a new app
 * arrives (a second on the path from commit to applied), and the partitions are rebalanced for the
 * new fleet before its desired states come. The scheduled check and the check on a record naming
 * what the fleet does not know stay: this only makes the common case earlier.
 */
@ApplicationScoped
public class FleetChangedFollower {
  private static final String TYPE = EventType.FLEET_CHANGED.type();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject FleetRefresher refresher;

  private final EventCodec codec = new EventCodec();
  private TopicThread reader;

  void start(@Observes StartupEvent startup) {
    reader =
        new TopicThread(
            "flotilla-fleet-follow",
            () -> TopicReads.following(bootstrap, "flotilla-applier-fleet"),
            this::follow,
            e ->
                Log.warnf(
                    "following %s for fleet changes failed, starting again in 5 s (the fleet is"
                        + " still checked every FLOTILLA_FLEET_REFRESH_INTERVAL): %s",
                    Topics.COMMITS, e.toString()));
    reader.start();
  }

  @PreDestroy
  void stop() throws InterruptedException {
    if (reader != null) {
      reader.stop();
    }
  }

  private void follow(KafkaConsumer<String, String> c, BooleanSupplier running) {
    List<TopicPartition> partitions =
        c.partitionsFor(Topics.COMMITS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + Topics.COMMITS + " does not exist");
    }
    c.assign(partitions);
    c.seekToEnd(partitions);
    while (running.getAsBoolean()) {
      for (ConsumerRecord<String, String> record : c.poll(TopicReads.POLL)) {
        // most records are CommitDetected: only those naming the type are decoded
        if (record.value() != null && record.value().contains(TYPE)) {
          moved(record);
        }
      }
    }
  }

  private void moved(ConsumerRecord<String, String> record) {
    CloudEvent<FlotillaEvent> event;
    try {
      event = codec.decode(record.value());
    } catch (EventDecodingException e) {
      return; // not this follower's to report: the renderer and the auditor read the topic too
    }
    if (event.data() instanceof FleetChanged changed) {
      Log.debugf(
          "fleet moved to %s (%s-%d@%d): reading it",
          changed.revision(), record.topic(), record.partition(), record.offset());
      refresher.moved(changed.revision());
    }
  }
}
