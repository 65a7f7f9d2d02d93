package io.flotilla.applier.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.applier.app.Bundles;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.applier.app.RecordLease;
import io.flotilla.events.DesiredState;
import io.flotilla.events.Topics;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-over of a {@code flotilla.desired} partition as the rebalance listener sees it: a sync
 * of a pair outside any record (requested, rollback, self-heal, retry) holds the revocation back as
 * a record's sync does, and one not begun before it never begins; desired states read back at
 * assignment count only for a partition still assigned, and never over a newer record.
 */
@Timeout(30)
class DesiredPartitionsTest {
  private static final TopicPartition P3 = new TopicPartition(Topics.DESIRED, 3);
  private static final String REVISION_1 = Bundles.REVISION_1;
  private static final String REVISION_2 = Bundles.REVISION_2;

  private final ControlGate gate = new ControlGate();
  private final DesiredRestore restore = new DesiredRestore();
  private final DesiredPartitions partitions =
      new DesiredPartitions() {
        @Override
        Duration handoverTimeout() {
          return Duration.ofSeconds(20);
        }
      };
  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

  @BeforeEach
  void assign() {
    partitions.gate = gate;
    partitions.health = new HealthWatcher();
    partitions.restore = restore;
    consumer.assign(List.of(P3));
    partitions.onPartitionsAssigned(consumer, List.of(P3));
  }

  @AfterEach
  void close() {
    restore.stop(null);
    consumer.close();
  }

  @Test
  void shouldHoldTheRevocationBackUntilARequestedSyncOfThePartitionEnds() throws Exception {
    RecordLease record = admitted(desired("sim-1", REVISION_1), 7);
    record.ack();
    Object owner = gate.owner("guestbook", "sim-1").orElseThrow();
    assertThat(partitions.begin(owner)).as("the pair's partition is assigned here").isTrue();

    CompletableFuture<Void> revoked =
        CompletableFuture.runAsync(() -> partitions.onPartitionsRevoked(consumer, List.of(P3)));
    assertThat(revokedWithin(revoked, Duration.ofMillis(500)))
        .as("the revocation waits for the running requested sync")
        .isFalse();
    assertThat(partitions.begin(owner))
        .as("no sync of the pair begins once the revocation started")
        .isFalse();

    partitions.end(owner);
    revoked.get(10, TimeUnit.SECONDS);
    assertThat(gate.owner("guestbook", "sim-1")).as("forgotten: the next owner has it").isEmpty();
    assertThat(consumer.committed(java.util.Set.of(P3)).get(P3))
        .isEqualTo(new OffsetAndMetadata(8));
  }

  @Test
  void shouldNotBeginASyncOfAPairThisInstanceDoesNotOwn() {
    assertThat(partitions.begin(null)).isFalse();
    assertThat(partitions.begin(new Object())).isFalse();
  }

  @Test
  void shouldRestoreAnAppliedDesiredStateOnlyWhileItsPartitionIsAssigned() {
    partitions.restored(P3, desired("sim-1", REVISION_1));
    assertThat(gate.lastApplied("guestbook", "sim-1"))
        .map(DesiredState::revision)
        .contains(REVISION_1);
    assertThat(partitions.begin(gate.owner("guestbook", "sim-1").orElseThrow()))
        .as("a requested sync of the restored pair may run here")
        .isTrue();

    partitions.restored(new TopicPartition(Topics.DESIRED, 4), desired("sim-2", REVISION_1));
    assertThat(gate.lastApplied("guestbook", "sim-2"))
        .as("partition 4 is not assigned here")
        .isEmpty();
  }

  @Test
  void shouldNotRestoreOverARecordThatCameThroughSince() {
    admitted(desired("sim-1", REVISION_2), 9).ack();

    partitions.restored(P3, desired("sim-1", REVISION_1));

    assertThat(gate.lastApplied("guestbook", "sim-1"))
        .map(DesiredState::revision)
        .contains(REVISION_2);
  }

  @Test
  void shouldForgetARestoredPairWhenItsPartitionIsRevoked() {
    partitions.restored(P3, desired("sim-1", REVISION_1));

    partitions.onPartitionsRevoked(consumer, List.of(P3));

    assertThat(gate.lastApplied("guestbook", "sim-1")).isEmpty();
    assertThat(gate.owner("guestbook", "sim-1")).isEmpty();
  }

  private RecordLease admitted(DesiredState desired, long offset) {
    ConsumerRecord<String, String> record =
        new ConsumerRecord<>(
            P3.topic(), P3.partition(), offset, desired.cluster() + "/guestbook", "{}");
    Message<String> message =
        Message.of("{}", Metadata.of(new IncomingKafkaRecordMetadata<>(record, "desired")));
    RecordLease lease = partitions.lease(message);
    List<RecordLease> superseded = new ArrayList<>();
    assertThat(gate.admit(desired, lease, superseded)).isEmpty();
    return lease;
  }

  private static boolean revokedWithin(CompletableFuture<Void> revoked, Duration wait)
      throws Exception {
    try {
      revoked.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  private static DesiredState desired(String cluster, String revision) {
    return Bundles.guestbook(cluster, revision, 2);
  }
}
