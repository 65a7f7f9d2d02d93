package io.flotilla.applier.kafka;

import io.flotilla.applier.app.DaemonThreads;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.EventType;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.NamespaceGuard;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What an instance knew of the (app, cluster) pairs of a {@code flotilla.desired} partition,
 * brought back when it is assigned the partition (at start-up, or when it moves here from another
 * instance): the records below the group's committed offset were applied already and are not
 * delivered again, yet a requested sync, a drift check or a self-heal of those pairs needs the
 * desired state last applied. This reads the partition from its beginning up to that offset on its
 * own consumer (no group), keeps the latest desired state per pair of the fleet in force, and hands
 * them to {@link DesiredPartitions#restore}, which remembers each as last applied unless a record
 * came through the consumer group first (that one is newer). Nothing is applied here.
 *
 * <p>It runs on its own thread, one assignment after the other, so the consumer group is not held
 * up. Until it is done for a partition, a requested sync or a drift check skips that partition's
 * pairs (as before it): the cost is one read of the partition's history per assignment.
 */
@ApplicationScoped
public class DesiredRestore {
  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject LiveFleet fleet;

  private final EventCodec codec = new EventCodec();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("flotilla-desired-restore"));
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean stopping;

  void stop(@Observes ShutdownEvent shutdown) {
    stopping = true;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    thread.shutdownNow();
  }

  /**
   * Reads each partition of {@code upTo} from its beginning up to (not including) its offset, later
   * on this class's thread, and passes each pair's latest desired state (of the fleet in force) to
   * {@code restored} with the partition it came from.
   */
  void restore(Map<TopicPartition, Long> upTo, BiConsumer<TopicPartition, DesiredState> restored) {
    Map<TopicPartition, Long> todo = new HashMap<>(upTo);
    todo.values().removeIf(offset -> offset <= 0);
    if (todo.isEmpty() || stopping) {
      return;
    }
    thread.execute(() -> read(todo, restored));
  }

  private void read(Map<TopicPartition, Long> upTo, BiConsumer<TopicPartition, DesiredState> out) {
    long start = System.nanoTime();
    // the latest record of each <cluster>/<app> key below the committed offset, per partition
    Map<TopicPartition, Map<String, ConsumerRecord<String, String>>> latest = new HashMap<>();
    long[] read = {0};
    try (KafkaConsumer<String, String> c =
        TopicReads.consumer(bootstrap, "flotilla-applier-desired-restore")) {
      consumer = c;
      List<TopicPartition> partitions = new ArrayList<>(upTo.keySet());
      c.assign(partitions);
      c.seekToBeginning(partitions);
      TopicReads.readUpTo(
          c,
          upTo,
          () -> stopping,
          r -> {
            if (r.key() != null
                && r.value() != null
                && EventType.DESIRED_STATE.type().equals(EventCodec.typeOf(r.value()))) {
              latest
                  .computeIfAbsent(
                      new TopicPartition(r.topic(), r.partition()), k -> new HashMap<>())
                  .put(r.key(), r);
              read[0]++;
            }
          });
    } catch (WakeupException e) {
      return; // stopping
    } catch (RuntimeException e) {
      Log.errorf(
          "desired states of %s could not be read back: until their next records, a requested"
              + " sync or a drift check skips their (app, cluster) pairs: %s",
          upTo.keySet(), e.toString());
      return;
    } finally {
      consumer = null;
    }
    Fleet current = fleet.current();
    int restored = 0;
    for (var byPartition : latest.entrySet()) {
      for (ConsumerRecord<String, String> r : byPartition.getValue().values()) {
        DesiredState desired = decode(r);
        if (desired != null && applicable(current, desired)) {
          out.accept(byPartition.getKey(), desired);
          restored++;
        }
      }
    }
    Log.infof(
        "restored the last applied desired state of %d (app, cluster) pairs from %d records of %s"
            + " in %d ms",
        restored, read[0], upTo, (System.nanoTime() - start) / 1_000_000);
  }

  /** As {@link DesiredProcessor} admits a desired state: targeted, and within its namespaces. */
  private static boolean applicable(Fleet current, DesiredState desired) {
    return current.targets(desired.app(), desired.cluster())
        && current
            .app(desired.app())
            .flatMap(app -> NamespaceGuard.of(current, app).violation(desired.resources()))
            .isEmpty();
  }

  private DesiredState decode(ConsumerRecord<String, String> r) {
    try {
      CloudEvent<FlotillaEvent> event = codec.decode(r.value());
      return event.data() instanceof DesiredState desired ? desired : null;
    } catch (EventDecodingException e) {
      // The reason is not logged: it may quote the record (which may hold Secret data).
      Log.warnf(
          "%s-%d@%d is not a readable desired state; not restored",
          r.topic(), r.partition(), r.offset());
      return null;
    }
  }
}
