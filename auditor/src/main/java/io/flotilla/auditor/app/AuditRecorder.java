package io.flotilla.auditor.app;

import io.flotilla.auditor.db.AuditWriter;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.StoreOutcome;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records one batch of consumed records in the audit log, blocking until it is durable.
 *
 * <p>A value that is not a Flotilla event is returned as a {@link Rejection} at once. The rest is
 * appended in one transaction; a database failure is retried with back-off for as long as it lasts,
 * so the caller (and with it the consumer) waits: nothing is acknowledged, lost or dead-lettered
 * meanwhile, and {@link #healthy()} says so.
 */
// created at start-up so its meters are on /q/metrics before the first record arrives
@Startup
@ApplicationScoped
public class AuditRecorder {
  private static final Logger LOG = Logger.getLogger(AuditRecorder.class);

  /** Batches at least this large are parsed on several cores (the common fork-join pool). */
  static final int PARALLEL_FROM = 32;

  private final AuditWriter writer;
  private final MeterRegistry registry;
  private final Duration retryInitial;
  private final Duration retryMax;
  private final RecordParser parser = new RecordParser(new EventCodec());
  private final Counter stored;
  private final Counter duplicates;
  private final Counter deadLettered;
  private final Timer batchTimer;
  private volatile String failure;

  AuditRecorder(
      AuditWriter writer,
      MeterRegistry registry,
      @ConfigProperty(name = "flotilla.auditor.db-retry.initial", defaultValue = "PT0.5S")
          Duration retryInitial,
      @ConfigProperty(name = "flotilla.auditor.db-retry.max", defaultValue = "PT30S")
          Duration retryMax) {
    this.writer = writer;
    this.registry = registry;
    this.retryInitial = retryInitial;
    this.retryMax = retryMax;
    this.stored =
        Counter.builder("flotilla.events.stored")
            .description("Events appended to the audit log")
            .register(registry);
    this.duplicates =
        Counter.builder("flotilla.events.duplicate")
            .description("Redelivered events already in the audit log (not stored again)")
            .register(registry);
    this.deadLettered =
        Counter.builder("flotilla.events.deadlettered")
            .description("Records that are not Flotilla events, sent to the dead-letter topic")
            .register(registry);
    this.batchTimer =
        Timer.builder("flotilla.processing")
            .description("Time to decode and durably store one consumed batch")
            .register(registry);
  }

  /**
   * Stores every Flotilla event of {@code batch}, in order, and returns the records that are not.
   * Blocks until the events are committed, however long the database is away. The same as {@link
   * #parse} then {@link #store}.
   *
   * @throws InterruptedException when the thread is interrupted while waiting for the database
   */
  public List<Rejection> record(List<Consumed> batch) throws InterruptedException {
    Parsed parsed = parse(batch);
    store(parsed);
    return parsed.rejected();
  }

  /**
   * A consumed batch decoded: its Flotilla events in batch order, and the records that are not.
   * Pure work, so the next batch can be parsed while the one before is being written.
   */
  public Parsed parse(List<Consumed> batch) {
    Timer.Sample sample = Timer.start(registry);
    List<Rejection> rejected = new ArrayList<>();
    List<AuditRecord> records = new ArrayList<>(batch.size());
    // Parsing (decode, Secret hashing, canonical JSON) is pure and per record: done in parallel for
    // a large batch, then taken in batch order, so the chain still follows the consumed order.
    IntStream indexes = IntStream.range(0, batch.size());
    Object[] parsed =
        (batch.size() >= PARALLEL_FROM ? indexes.parallel() : indexes)
            .mapToObj(i -> parse(batch.get(i), i))
            .toArray();
    for (Object p : parsed) {
      if (p instanceof AuditRecord r) {
        records.add(r);
      } else {
        rejected.add((Rejection) p);
      }
    }
    return new Parsed(records, rejected, sample);
  }

  /**
   * Appends a parsed batch's events to the audit log, in order; blocks until they are committed,
   * however long the database is away. Batches must be stored in the order they were consumed.
   *
   * @throws InterruptedException when the thread is interrupted while waiting for the database
   */
  public void store(Parsed parsed) throws InterruptedException {
    List<AuditRecord> records = parsed.records();
    List<StoreOutcome> outcomes = appendRetrying(records);
    for (int i = 0; i < outcomes.size(); i++) {
      count(records.get(i), outcomes.get(i));
    }
    parsed.sample().stop(batchTimer);
  }

  /**
   * A batch as {@link #parse} leaves it.
   *
   * @param records its Flotilla events, in batch order
   * @param rejected its records that are not (by index in the batch), with the reason
   */
  public record Parsed(List<AuditRecord> records, List<Rejection> rejected, Timer.Sample sample) {}

  /**
   * Stores the records made of dead letters ({@link DeadLetterParser}), in order; blocks until they
   * are committed, however long the database is away.
   *
   * @throws InterruptedException when the thread is interrupted while waiting for the database
   */
  public void recordDeadLetters(List<AuditRecord> records) throws InterruptedException {
    Timer.Sample sample = Timer.start(registry);
    records.forEach(r -> consumed(r.topic(), r.type()));
    List<StoreOutcome> outcomes = appendRetrying(records);
    for (int i = 0; i < outcomes.size(); i++) {
      count(records.get(i), outcomes.get(i));
    }
    sample.stop(batchTimer);
  }

  /** The record, or the {@link Rejection} that says why it is not a storable Flotilla event. */
  private Object parse(Consumed c, int index) {
    try {
      AuditRecord r = parser.parse(c.topic(), c.value());
      consumed(c.topic(), r.type());
      return r;
    } catch (EventDecodingException e) {
      consumed(c.topic(), EventCodec.typeOf(c.value() == null ? "" : c.value()));
      deadLettered.increment();
      return new Rejection(index, e.getMessage());
    }
  }

  /** {@code null} while the database takes writes; else why the last write failed. */
  public String failure() {
    return failure;
  }

  public boolean healthy() {
    return failure == null;
  }

  private List<StoreOutcome> appendRetrying(List<AuditRecord> records) throws InterruptedException {
    Duration wait = retryInitial;
    while (true) {
      try {
        List<StoreOutcome> outcomes = writer.append(records);
        if (failure != null) {
          LOG.infof("the audit log takes writes again; stored a batch of %d", records.size());
          failure = null;
        }
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        failure = e.toString();
        LOG.warnf(
            "cannot store a batch of %d events yet, retrying in %d ms: %s",
            records.size(), wait.toMillis(), e.toString());
        Thread.sleep(wait.toMillis());
        wait = wait.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : wait.multipliedBy(2);
      }
    }
  }

  private void consumed(String topic, String type) {
    // only known types become tag values: a flood of made-up types must not create meters
    String typeTag = EventType.ofType(type).map(EventType::type).orElse("unknown");
    registry.counter("flotilla.events.consumed", "topic", topic, "type", typeTag).increment();
  }

  private void count(AuditRecord record, StoreOutcome outcome) {
    if (outcome instanceof StoreOutcome.Stored s) {
      stored.increment();
      LOG.debugf(
          "stored seq=%d event=%s type=%s app=%s cluster=%s revision=%s actor=%s",
          s.seq(),
          record.eventId(),
          record.type(),
          record.app(),
          record.cluster(),
          record.revision(),
          record.actor());
    } else {
      duplicates.increment();
      LOG.debugf("duplicate event=%s already stored", record.eventId());
    }
  }
}
