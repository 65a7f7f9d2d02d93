package io.flotilla.applier.kafka;

import io.flotilla.applier.app.AppStateStore;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@code flotilla.sync-results} (every partition, no consumer group), every instance's
 * events, so each instance knows the whole fleet and not only the clusters it owns:
 *
 * <ol>
 *   <li>at start-up, from the beginning up to where the topic stood: each {@code HealthChanged}
 *       into the {@link HealthWatcher} (the latest health per (app, cluster) and its last healthy
 *       revision survive a restart or a move of the cluster to another instance, so an automatic
 *       rollback still knows where to go back to), each {@code SyncCompleted} of a pair the fleet
 *       in force targets into the {@link AppStateStore} (the apps view: an app removed from the
 *       fleet long ago is not brought back). Desired states wait until this is done ({@link
 *       #done()});
 *   <li>then, for as long as the applier runs, the events that follow, for the (app, cluster) pairs
 *       this instance does not own ({@link ControlGate#owns}): what this instance does is its own
 *       view's source, what the others do comes from here. So {@code GET /api/v1/apps} on any
 *       instance shows every pair.
 * </ol>
 *
 * If the topic cannot be read, health and the view start empty (logged) rather than blocking the
 * applier.
 */
@ApplicationScoped
public class SyncResultsReplay {
  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject HealthWatcher health;
  @Inject AppStateStore apps;
  @Inject ControlGate gate;
  @Inject LiveFleet fleet;

  private final EventCodec codec = new EventCodec();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean stopping;

  void start(@Observes StartupEvent startup) {
    Thread thread = new Thread(this::run, "flotilla-sync-results-replay");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    stopping = true;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Completes once the start-up replay is over (or failed). */
  public CompletableFuture<Void> done() {
    return done;
  }

  private void run() {
    long start = System.nanoTime();
    try (KafkaConsumer<String, String> c =
        TopicReads.following(bootstrap, "flotilla-applier-sync-results-replay")) {
      consumer = c;
      List<TopicPartition> partitions =
          c.partitionsFor(Topics.SYNC_RESULTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = c.endOffsets(partitions);
      long[] folded = {0};
      TopicReads.readUpTo(
          c,
          ends,
          () -> stopping,
          record -> {
            if (fold(record, true)) {
              folded[0]++;
            }
          });
      Log.infof(
          "health and sync results restored from %s: %d events in %d ms",
          Topics.SYNC_RESULTS, folded[0], (System.nanoTime() - start) / 1_000_000);
      done.complete(null);
      while (!stopping) {
        for (ConsumerRecord<String, String> record : c.poll(TopicReads.POLL)) {
          fold(record, false);
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      Log.errorf(
          "%s could not be read (back); health, last healthy revisions and other instances' sync"
              + " results are what this instance saw itself: %s",
          Topics.SYNC_RESULTS, e.toString());
    } finally {
      done.complete(null);
    }
  }

  /** Whether a {@code <cluster>/<app>} key names a pair this instance owns. */
  private boolean ownKey(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    return slash > 0 && gate.owns(key.substring(slash + 1), key.substring(0, slash));
  }

  /** Folds one record; at start-up every pair's, afterwards only the pairs of other instances. */
  private boolean fold(ConsumerRecord<String, String> record, boolean startingUp) {
    if (!startingUp && ownKey(record.key())) {
      return false; // this instance's own result: its view has it already (and no decoding)
    }
    String type = EventCodec.typeOf(record.value());
    if (!type.startsWith("io.flotilla.health.") && !type.startsWith("io.flotilla.sync.")) {
      return false;
    }
    try {
      Object event = codec.decode(record.value()).data();
      if (event instanceof HealthChanged changed
          && (startingUp || !gate.owns(changed.app(), changed.cluster()))) {
        health.restore(changed);
        return true;
      }
      if (event instanceof SyncCompleted completed
          && (startingUp || !gate.owns(completed.app(), completed.cluster()))
          && fleet.current().targets(completed.app(), completed.cluster())) {
        apps.restore(completed);
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
