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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every record of every audited topic, into the audit log, a poll's batch at a time.
 *
 * <p>The batch is acknowledged (and its offsets become committable) only after its events are
 * committed in PostgreSQL and its bad records are on the dead-letter topic. Batches are written one
 * after another by one thread, in the order they were polled. A batch is parsed (on another thread)
 * while the one before is written: at most {@value #IN_FLIGHT} batches are parsed and not yet
 * written, so a database that is away stops consumption rather than filling memory.
 */
@ApplicationScoped
public class AuditConsumer {
  /** Why the record was dead-lettered, in words (also in {@code dead-letter-reason}). */
  public static final String REASON_HEADER = DeadLetters.REASON_HEADER;

  /** The topic the record was read from (also in {@code dead-letter-topic}). */
  public static final String ORIGINAL_TOPIC_HEADER = DeadLetters.ORIGINAL_TOPIC_HEADER;

  /** Batches parsed and waiting for (or in) the writer, at most. */
  static final int IN_FLIGHT = 2;

  private final AuditRecorder recorder;
  private final DeadLetters deadLetters;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final ExecutorService parser =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-parser");
            t.setDaemon(true);
            return t;
          });
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

  /**
   * Parses {@code batch} and queues it for the writer; done (so the next batch comes) once it is
   * queued. The writer acknowledges it when stored, or nacks it (the channel's failure strategy)
   * when storing failed for a reason other than the database being away (that one is waited out).
   */
  @Incoming("audit")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return Uni.createFrom().<Void>item(() -> parseAndQueue(batch)).runSubscriptionOn(parser);
  }

  private Void parseAndQueue(KafkaRecordBatch<String, String> batch) {
    List<KafkaRecord<String, String>> records = batch.getRecords();
    AuditRecorder.Parsed parsed =
        recorder.parse(
            records.stream().map(r -> new Consumed(r.getTopic(), r.getPayload())).toList());
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("stopped before storing a batch; it will be redelivered", e);
    }
    try {
      writer.execute(() -> storeThenAck(batch, records, parsed));
    } catch (RejectedExecutionException e) {
      inFlight.release();
      throw new IllegalStateException("stopping: a batch is left to be redelivered", e);
    }
    return null;
  }

  private void storeThenAck(
      KafkaRecordBatch<String, String> batch,
      List<KafkaRecord<String, String>> records,
      AuditRecorder.Parsed parsed) {
    try {
      recorder.store(parsed);
      for (Rejection r : parsed.rejected()) {
        deadLetters.send(records.get(r.index()), r.reason());
      }
      batch.ack();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopping: not acknowledged, so redelivered
    } catch (RuntimeException e) {
      batch.nack(e);
    } finally {
      inFlight.release();
    }
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

  @PreDestroy
  void stop() {
    parser.shutdownNow();
    writer.shutdownNow();
  }
}
