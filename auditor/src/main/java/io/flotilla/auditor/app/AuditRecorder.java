package io.flotilla.auditor.app;

import io.flotilla.auditor.db.AuditLog;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.StoreOutcome;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records one consumed Kafka record in the audit log.
 *
 * <p>A value that is not a Flotilla event is {@link StoreOutcome.Rejected rejected} at once. A
 * database failure is retried with back-off for as long as it lasts: the record is not acknowledged
 * meanwhile, so its offset is not committed and nothing is lost or dead-lettered.
 */
// created at start-up so its meters are on /q/metrics before the first record arrives
@Startup
@ApplicationScoped
public class AuditRecorder {
  private static final Logger LOG = Logger.getLogger(AuditRecorder.class);

  private final AuditLog log;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Duration retryInitial;
  private final Duration retryMax;
  private final EventCodec codec = new EventCodec();
  private final Counter stored;
  private final Counter duplicates;
  private final Counter deadLettered;
  private final Timer processing;

  AuditRecorder(
      AuditLog log,
      Clock clock,
      MeterRegistry registry,
      @ConfigProperty(name = "flotilla.auditor.db-retry.initial", defaultValue = "PT0.5S")
          Duration retryInitial,
      @ConfigProperty(name = "flotilla.auditor.db-retry.max", defaultValue = "PT30S")
          Duration retryMax) {
    this.log = log;
    this.clock = clock;
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
    this.processing =
        Timer.builder("flotilla.processing")
            .description("Time to decode and store one consumed record")
            .register(registry);
  }

  /** Stores the event in {@code value}, read from {@code topic}; never fails. */
  public Uni<StoreOutcome> record(String topic, String value) {
    Timer.Sample sample = Timer.start(registry);
    AuditRecord record;
    try {
      record = AuditRecord.parse(topic, value, codec);
    } catch (EventDecodingException e) {
      consumed(topic, EventCodec.typeOf(value == null ? "" : value));
      deadLettered.increment();
      sample.stop(processing);
      return Uni.createFrom().item(new StoreOutcome.Rejected(e.getMessage()));
    }
    consumed(topic, record.type());
    return appendRetrying(record)
        .invoke(outcome -> count(record, outcome))
        .eventually(() -> sample.stop(processing));
  }

  private Uni<StoreOutcome> appendRetrying(AuditRecord record) {
    Uni<StoreOutcome> attempt =
        Uni.createFrom()
            .deferred(() -> log.append(record, clock.instant().truncatedTo(ChronoUnit.MICROS)));
    // Hibernate Reactive must run on the record's Vert.x context; a retry after back-off
    // resubscribes from a timer thread, so every attempt is sent back to that context.
    Context context = Vertx.currentContext();
    if (context != null) {
      attempt = attempt.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }
    return attempt
        .onFailure()
        .invoke(
            e ->
                LOG.warnf(
                    "cannot store event %s (%s) yet, will retry: %s",
                    record.eventId(), record.type(), e.toString()))
        .onFailure()
        .retry()
        .withBackOff(retryInitial, retryMax)
        .indefinitely();
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
          "stored seq=%d event=%s type=%s app=%s cluster=%s revision=%s",
          s.seq(),
          record.eventId(),
          record.type(),
          record.app(),
          record.cluster(),
          record.revision());
    } else if (outcome instanceof StoreOutcome.Duplicate d) {
      duplicates.increment();
      LOG.debugf("duplicate event=%s already stored at seq=%d", record.eventId(), d.seq());
    }
  }
}
