package io.flotilla.applier.kafka;

import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.Topics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At start-up, reads {@code flotilla.sync-results} from the beginning up to where it stood (every
 * partition, no consumer group) and folds each {@code HealthChanged} — this or any other instance's
 * — into the {@link HealthWatcher}: the latest health per (app, cluster) and its last healthy
 * revision survive a restart or a move of the cluster to another instance, so an automatic rollback
 * still knows where to go back to. Desired states wait until it is done ({@link #done()}). If the
 * topic cannot be read, health starts empty (logged) rather than blocking the applier.
 */
@ApplicationScoped
public class HealthReplay {
  private static final Duration POLL = Duration.ofMillis(500);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject HealthWatcher health;

  private final EventCodec codec = new EventCodec();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  void start(@Observes StartupEvent startup) {
    Thread thread = new Thread(this::run, "flotilla-health-replay");
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes once the replay is over (or failed). */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void run() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flotilla-applier-health-replay");
    long folded = 0;
    long start = System.nanoTime();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(Topics.SYNC_RESULTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = c.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<String, String> record : c.poll(POLL)) {
          if (record.offset()
                  < ends.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)
              && fold(record)) {
            folded++;
          }
        }
      }
      Log.infof(
          "health restored from %s: %d HealthChanged events in %d ms",
          Topics.SYNC_RESULTS, folded, (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      Log.errorf(
          "%s could not be read back; health and last healthy revisions start empty: %s",
          Topics.SYNC_RESULTS, e.toString());
    } finally {
      done.complete(null);
    }
  }

  private boolean fold(ConsumerRecord<String, String> record) {
    if (!EventCodec.typeOf(record.value()).startsWith("io.flotilla.health.")) {
      return false;
    }
    try {
      if (codec.decode(record.value()).data() instanceof HealthChanged changed) {
        health.restore(changed);
        return true;
      }
    } catch (EventDecodingException e) {
      Log.warnf(
          "%s-%d@%d is not a readable event; skipped",
          record.topic(), record.partition(), record.offset());
    }
    return false;
  }
}
