package io.flotilla.applier.kafka;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.applier.app.RecordLease;
import io.flotilla.events.DesiredState;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Who owns which {@code flotilla.desired} partition, and the hand-over when one moves. Each record
 * gets a {@link RecordLease} tied to its partition's current assignment.
 *
 * <p>When partitions are revoked (another instance joined or left, or this one is closing its
 * consumer): syncs of their records not begun yet are abandoned (never applied here, never
 * acknowledged), what the {@link ControlGate} knew of their (app, cluster) pairs is forgotten (held
 * records included), and the revocation — which the new owner waits for before it is assigned the
 * partition — blocks until the syncs already running finished and published their result (at most
 * {@code FLOTILLA_APPLY_HANDOVER_TIMEOUT}). Then the offset below the first unfinished record is
 * committed. So a record is applied by one instance at a time: the old owner finished it (the new
 * one starts after it; a re-run finds nothing to write) or never began it.
 *
 * <p>Syncs of a pair outside any record (a requested sync, a rollback, a self-heal, a retry) count
 * as running on the assignment of the pair's latest record ({@link #begin(Object)}): the hand-over
 * waits for them too, and one not begun before the revocation never begins here. So the new owner
 * never applies a pair while the old one still does, whatever started the old one's sync.
 *
 * <p>At shutdown every assignment is treated as revoked before the Kafka connector stops: running
 * syncs finish and are committed, queued ones are left to the next owner.
 */
@ApplicationScoped
@Identifier(DesiredPartitions.NAME)
public class DesiredPartitions implements KafkaConsumerRebalanceListener {
  static final String NAME = "flotilla-desired-partitions";

  @Inject ControlGate gate;
  @Inject HealthWatcher health;
  @Inject ApplierConfig config;
  @Inject DesiredRestore restore;

  private final Map<TopicPartition, Assignment> assigned = new HashMap<>();
  private boolean stopping;
  private volatile boolean joined;

  /** One partition from its assignment to its revocation. Guarded by the enclosing instance. */
  private static final class Assignment {
    final TopicPartition partition;
    boolean revoked;
    int running;
    final TreeSet<Long> unsettled = new TreeSet<>();
    long next = -1;

    Assignment(TopicPartition partition) {
      this.partition = partition;
    }
  }

  /** The lease of a record just received. */
  public synchronized RecordLease lease(Message<String> record) {
    IncomingKafkaRecordMetadata<?, ?> meta =
        record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    Assignment assignment =
        meta == null
            ? null
            : assigned.get(new TopicPartition(meta.getTopic(), meta.getPartition()));
    long offset = meta == null ? -1 : meta.getOffset();
    if (assignment != null && !stopping) {
      assignment.unsettled.add(offset);
      assignment.next = Math.max(assignment.next, offset + 1);
    }
    return new Lease(assignment, record, offset);
  }

  /**
   * Marks a sync outside any record as running on {@code owner}, the assignment of the pair's
   * latest record ({@link ControlGate#owner}): a revocation of that partition waits for it as for a
   * record's sync. {@code false} when the partition moved (or this instance is stopping, or {@code
   * owner} is null: the pair is not this instance's): then do not run it, the pair's owner does
   * what is needed.
   */
  public synchronized boolean begin(Object owner) {
    if (!(owner instanceof Assignment a) || a.revoked || stopping) {
      return false;
    }
    a.running++;
    return true;
  }

  /** The sync {@link #begin(Object)} started on {@code owner} is over. */
  public synchronized void end(Object owner) {
    if (owner instanceof Assignment a) {
      a.running--;
      notifyAll();
    }
  }

  /** Partitions this instance owns now (for logs and tests). */
  public synchronized int owned() {
    return assigned.size();
  }

  /**
   * Whether this instance has joined the applier group: its first assignment (possibly empty) came.
   * Before that a desired state sent now waits for the group to make room for it.
   */
  public boolean joined() {
    return joined;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    synchronized (this) {
      partitions.forEach(tp -> assigned.put(tp, new Assignment(tp)));
    }
    joined = true;
    if (partitions.isEmpty()) {
      return;
    }
    Log.infof("assigned %s", names(partitions));
    Map<TopicPartition, Long> committed = new HashMap<>();
    try {
      consumer
          .committed(Set.copyOf(partitions))
          .forEach((tp, offset) -> committed.put(tp, offset == null ? 0 : offset.offset()));
    } catch (KafkaException e) {
      Log.warnf(
          "committed offsets of %s unknown, their applied desired states are not read back: %s",
          names(partitions), e.toString());
      return;
    }
    restore.restore(committed, this::restored);
  }

  /**
   * {@code desired}, read back from {@code partition} below its committed offset ({@link
   * DesiredRestore}), becomes its pair's last applied desired state if the partition is still
   * assigned here (and no newer record of the pair came through).
   */
  synchronized void restored(TopicPartition partition, DesiredState desired) {
    Assignment a = assigned.get(partition);
    if (a != null && !a.revoked && !stopping) {
      gate.restore(desired, a);
    }
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    List<Assignment> gone = new ArrayList<>();
    synchronized (this) {
      for (TopicPartition tp : partitions) {
        Assignment a = assigned.remove(tp);
        if (a != null) {
          a.revoked = true;
          gone.add(a);
        }
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    handOver(gone);
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    synchronized (this) {
      for (Assignment a : gone) {
        if (a.next >= 0) {
          long upTo = a.unsettled.isEmpty() ? a.next : a.unsettled.first();
          offsets.put(a.partition, new OffsetAndMetadata(upTo));
        }
      }
    }
    if (!offsets.isEmpty()) {
      try {
        consumer.commitSync(offsets);
      } catch (KafkaException e) {
        // Not committed: the new owner re-runs those records, which finds nothing to write.
        Log.warnf("offsets of revoked %s not committed: %s", names(partitions), e.toString());
      }
    }
    Log.infof("revoked %s; committed %s", names(partitions), offsets);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    onPartitionsRevoked(consumer, partitions);
  }

  /**
   * Before the Kafka connector stops (it observes the container's destruction, which follows this
   * event): running syncs finish, queued ones are abandoned.
   */
  void stop(@Observes @Priority(1) ShutdownEvent event) {
    List<Assignment> all;
    synchronized (this) {
      stopping = true;
      all = new ArrayList<>(assigned.values());
      all.forEach(a -> a.revoked = true);
    }
    handOver(all);
  }

  /** Forgets the pairs of {@code gone} and waits for their running syncs. */
  private void handOver(List<Assignment> gone) {
    for (ControlGate.Key key : gate.forget(gone::contains)) {
      health.forget(key.app(), key.cluster());
    }
    Duration timeout = handoverTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (gone.stream().anyMatch(a -> a.running > 0)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          Log.warnf(
              "syncs of %s still running after %s (FLOTILLA_APPLY_HANDOVER_TIMEOUT); the next"
                  + " owner may run them at the same time",
              gone.stream().filter(a -> a.running > 0).map(a -> a.partition.toString()).toList(),
              timeout);
          return;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** {@code FLOTILLA_APPLY_HANDOVER_TIMEOUT}. */
  Duration handoverTimeout() {
    return config.apply().handoverTimeout();
  }

  private static String names(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::toString).sorted().toList().toString();
  }

  /** A record's lease on its assignment; {@code assignment} null: not owned when received. */
  private final class Lease implements RecordLease {
    private final Assignment assignment;
    private final Message<String> record;
    private final long offset;
    private boolean begun;

    Lease(Assignment assignment, Message<String> record, long offset) {
      this.assignment = assignment;
      this.record = record;
      this.offset = offset;
    }

    @Override
    public boolean begin() {
      synchronized (DesiredPartitions.this) {
        if (!current()) {
          return false;
        }
        if (!begun) {
          begun = true;
          assignment.running++;
        }
        return true;
      }
    }

    @Override
    public void end() {
      synchronized (DesiredPartitions.this) {
        if (begun) {
          begun = false;
          assignment.running--;
          DesiredPartitions.this.notifyAll();
        }
      }
    }

    @Override
    public void ack() {
      settled();
      record.ack();
    }

    @Override
    public void nack(Throwable failure) {
      settled();
      record.nack(failure);
    }

    private void settled() {
      synchronized (DesiredPartitions.this) {
        if (assignment != null) {
          assignment.unsettled.remove(offset);
        }
      }
    }

    @Override
    public boolean current() {
      synchronized (DesiredPartitions.this) {
        return assignment != null && !assignment.revoked && !stopping;
      }
    }

    @Override
    public Object owner() {
      return assignment;
    }
  }
}
