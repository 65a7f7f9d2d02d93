package io.flotilla.auditor.kafka;

import io.flotilla.auditor.app.AuditRecorder;
import io.flotilla.auditor.app.Consumed;
import io.flotilla.auditor.app.DeadLetterParser;
import io.flotilla.auditor.app.Rejection;
import io.flotilla.auditor.domain.AuditRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every record of every audited topic, into the audit log, a poll's batch at a time.
 *
 * <p>The batch is acknowledged (and its offsets become committable) only after its events are
 * committed in PostgreSQL and its bad records are on the dead-letter topic. Batches are written one
 * after another by one thread, in the order they were polled.
 */
@ApplicationScoped
public class AuditConsumer {
  /** Why the record was dead-lettered, in words (also in {@code dead-letter-reason}). */
  public static final String REASON_HEADER = DeadLetters.REASON_HEADER;

  /** The topic the record was read from (also in {@code dead-letter-topic}). */
  public static final String ORIGINAL_TOPIC_HEADER = DeadLetters.ORIGINAL_TOPIC_HEADER;

  private final AuditRecorder recorder;
  private final DeadLetters deadLetters;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-writer");
            t.setDaemon(true);
            return t;
          });

  AuditConsumer(AuditRecorder recorder, DeadLetters deadLetters) {
    this.recorder = recorder;
    this.deadLetters = deadLetters;
  }

  @Incoming("audit")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return Uni.createFrom()
        .item(() -> store(batch.getRecords()))
        .runSubscriptionOn(writer)
        .chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  /**
   * Every record of {@code flotilla.dead-letter}, whichever service wrote it, as one audit row each
   * (reason, origin, the rejecting service, SHA-256 and size of the value; never the value).
   * Acknowledged once the rows are committed, like the events.
   */
  @Incoming("dead-letters")
  public Uni<Void> consumeDeadLetters(KafkaRecordBatch<byte[], byte[]> batch) {
    return Uni.createFrom()
        .item(() -> storeDeadLetters(batch.getRecords()))
        .runSubscriptionOn(writer)
        .chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  private Void storeDeadLetters(List<KafkaRecord<byte[], byte[]>> records) {
    List<AuditRecord> rows = records.stream().map(AuditConsumer::deadLetter).toList();
    try {
      recorder.recordDeadLetters(rows);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("stopped while storing dead letters; redelivered later", e);
    }
    return null;
  }

  private static AuditRecord deadLetter(KafkaRecord<byte[], byte[]> r) {
    Map<String, String> headers = new HashMap<>();
    for (Header h : r.getHeaders()) {
      headers.put(
          h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    IncomingKafkaRecordMetadata<?, ?> meta =
        r.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    return DeadLetterParser.parse(
        new DeadLetterParser.DeadLetter(
            r.getTopic(),
            r.getPartition(),
            meta.getOffset(),
            meta.getTimestamp(),
            r.getPayload(),
            headers));
  }

  private Void store(List<KafkaRecord<String, String>> records) {
    List<Consumed> consumed =
        records.stream().map(r -> new Consumed(r.getTopic(), r.getPayload())).toList();
    try {
      List<Rejection> rejected = recorder.record(consumed);
      for (Rejection r : rejected) {
        deadLetters.send(records.get(r.index()), r.reason());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("stopped while storing a batch; it will be redelivered", e);
    }
    return null;
  }

  @PreDestroy
  void stop() {
    writer.shutdownNow();
  }
}
