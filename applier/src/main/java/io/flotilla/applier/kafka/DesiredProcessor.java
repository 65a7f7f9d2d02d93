package io.flotilla.applier.kafka;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.AsyncPermits;
import io.flotilla.applier.app.ClusterLanes;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.FleetRefresher;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.applier.app.RecordLease;
import io.flotilla.applier.app.SyncRequest;
import io.flotilla.applier.app.SyncRetries;
import io.flotilla.applier.app.SyncService;
import io.flotilla.applier.domain.control.ControlState;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.EventType;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.NamespaceGuard;
import io.flotilla.fleet.git.LiveFleet;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Decodes a {@code flotilla.desired} record, runs it in its cluster's lane, and acknowledges it
 * when the sync finished and its result was acknowledged by Kafka (see the package doc). A desired
 * state that a pause or a rollback suspension holds is kept unacknowledged in the {@link
 * ControlGate} until a resume applies it (or a newer one replaces it). So is one whose sync failed,
 * until a retry of the pair succeeds (or a newer one replaces it): when its partition moves first,
 * the next owner reads it again and retries it.
 */
@ApplicationScoped
public class DesiredProcessor {
  private final EventCodec codec = new EventCodec();

  @Inject SyncService syncs;
  @Inject ClusterLanes lanes;
  @Inject AsyncPermits inFlight;
  @Inject SyncResultPublisher publisher;
  @Inject ApplierMetrics metrics;
  @Inject LiveFleet fleet;
  @Inject FleetRefresher refresher;
  @Inject ApplierConfig config;
  @Inject ControlGate gate;
  @Inject ControlConsumer control;
  @Inject HealthWatcher health;
  @Inject SyncResultsReplay syncResultsReplay;
  @Inject SyncRetries retries;
  @Inject DriftWatches watches;

  @Inject
  @io.smallrye.common.annotation.Identifier(DesiredPartitions.NAME)
  DesiredPartitions partitions;

  /**
   * A sync that ran, a record the gate holds (settled later), a sync that failed (settled when a
   * retry succeeds), or one left alone because its partition moved away before its sync began (the
   * new owner gets it again).
   */
  enum Outcome {
    DONE,
    HELD,
    /** The sync failed: the record stays unsettled until a retry succeeds (see ControlGate). */
    FAILED,
    ABANDONED
  }

  /**
   * A stage that completes when the record is admitted (a permit is free and the control topic was
   * read up to where it stood at start-up), not when it is done.
   */
  public CompletionStage<Void> admit(Message<String> record) {
    Timer.Sample received = metrics.startProcessing();
    String type = EventCodec.typeOf(record.getPayload());
    metrics.consumed(Topics.DESIRED, type.isEmpty() ? "unreadable" : type);
    DesiredEvent event;
    try {
      event = decode(record.getPayload());
    } catch (EventDecodingException e) {
      // The reason goes to the dead-letter headers, not the log: it may quote the record.
      Log.warnf(
          "%s is not a readable desired-state event; sent to %s",
          where(record), Topics.DEAD_LETTER);
      return record.nack(e);
    }
    RecordLease lease = partitions.lease(record);
    metrics.queued(1);
    return control
        .caughtUp()
        .thenCompose(ready -> syncResultsReplay.done())
        .thenCompose(ready -> inFlight.acquire())
        .thenAccept(
            admitted ->
                lanes
                    .submit(event.cluster(), event.app(), () -> handle(event, record, lease))
                    .whenComplete(
                        (outcome, failure) -> {
                          inFlight.release();
                          metrics.queued(-1);
                          metrics.processed(received);
                          if (failure != null) {
                            fail(record, lease, event, failure);
                          } else if (outcome == Outcome.DONE) {
                            lease.ack();
                          } else if (outcome == Outcome.FAILED) {
                            Log.debugf("%s kept unsettled until a retry succeeds", where(record));
                          } else if (outcome == Outcome.ABANDONED) {
                            Log.debugf("%s left to the partition's next owner", where(record));
                          }
                          lease.end();
                        }));
  }

  private DesiredEvent decode(String value) {
    CloudEvent<FlotillaEvent> event = codec.decode(value);
    if (!(event.data() instanceof DesiredEvent desired)) {
      throw new EventDecodingException(
          "event "
              + event.id()
              + " has type "
              + event.type()
              + ", which does not belong on "
              + Topics.DESIRED);
    }
    return desired;
  }

  /** Runs on a lane thread: the sync blocks, the publication completes later. */
  private CompletionStage<Outcome> handle(
      DesiredEvent event, Message<String> record, RecordLease lease) {
    if (!lease.begin()) {
      return CompletableFuture.completedFuture(Outcome.ABANDONED);
    }
    if (!refresher.targets(event.app(), event.cluster())) {
      // A stale record (the app was removed or retargeted), one rendered against another fleet,
      // or one written by hand: applying it would deploy what the fleet repo does not ask for. It
      // goes to the dead-letter topic, where the auditor records it.
      metrics.ignored();
      return CompletableFuture.failedFuture(
          new RefusedRecord(
              EventType.of(event).type()
                  + " refused: the fleet (revision "
                  + fleet.current().revision()
                  + ") does not target cluster '"
                  + event.cluster()
                  + "' with app '"
                  + event.app()
                  + "'"));
    }
    if (event instanceof RenderFailed failed) {
      syncs.renderFailed(failed);
      Log.infof(
          "render failed: app=%s cluster=%s revision=%s: %s",
          failed.app(), failed.cluster(), failed.revision(), failed.reason());
      return CompletableFuture.completedFuture(Outcome.DONE);
    }
    // Shared with every pair given the same bundle: one copy kept, prepared once.
    DesiredState desired = gate.shared((DesiredState) event);
    Fleet current = fleet.current();
    Optional<String> trespass =
        current
            .app(desired.app())
            .flatMap(app -> NamespaceGuard.of(current, app).violation(desired.resources()));
    if (trespass.isPresent()) {
      // The renderer refuses such a bundle; this one came from elsewhere.
      return CompletableFuture.failedFuture(new RefusedRecord(trespass.get()));
    }
    List<RecordLease> superseded = new ArrayList<>();
    Optional<ControlState.Hold> hold = gate.admit(desired, lease, superseded);
    superseded.forEach(RecordLease::ack);
    if (hold.isPresent()) {
      syncs.held(desired);
      Log.infof(
          "held: app=%s cluster=%s revision=%s: %s",
          desired.app(), desired.cluster(), desired.revision(), hold.get().describe());
      return CompletableFuture.completedFuture(Outcome.HELD);
    }
    watches.want(desired);
    return sync(desired, SyncRequest.automatic(config.apply().forceConflicts()))
        .thenApply(
            done -> {
              if (done.status() != SyncCompleted.Status.FAILED || !lease.current()) {
                return Outcome.DONE;
              }
              // Retried here (SyncRetries); if the partition moves first, its next owner reads
              // the record again instead of leaving the pair failed until the next commit.
              gate.keepFailed(desired.app(), desired.cluster(), lease).ifPresent(RecordLease::ack);
              return Outcome.FAILED;
            });
  }

  /** Syncs and publishes the result; on a lane thread. */
  CompletionStage<SyncCompleted> sync(DesiredState desired, SyncRequest request) {
    long start = System.nanoTime();
    SyncCompleted done = syncs.sync(desired, request);
    metrics.synced(done, Duration.ofNanos(System.nanoTime() - start));
    Log.infof(
        "sync %s (%s): app=%s cluster=%s revision=%s bundle=%s objects=%d writes=%d",
        done.status().name().toLowerCase(),
        request.reason(),
        done.app(),
        done.cluster(),
        done.revision(),
        done.bundleHash(),
        done.resources().size(),
        done.writes());
    return publisher
        .publish(done)
        .thenApply(
            v -> {
              if (done.status() == SyncCompleted.Status.SYNCED) {
                health.watch(desired);
                gate.synced(desired.app(), desired.cluster())
                    .filter(RecordLease::current)
                    .ifPresent(RecordLease::ack);
              }
              retries.after(desired, done, attempt -> retry(desired, attempt));
              return done;
            });
  }

  /**
   * Runs a failed desired state again if it is still the latest this instance admitted for its pair
   * (not replaced, not moved to another instance) and nothing holds it.
   */
  private void retry(DesiredState desired, int attempt) {
    boolean latest =
        gate.lastApplied(desired.app(), desired.cluster())
            .filter(d -> d.bundleHash().equals(desired.bundleHash()))
            .isPresent();
    if (!latest || gate.holding(desired.app(), desired.cluster()).isPresent()) {
      return;
    }
    submit(
        desired,
        new SyncRequest(
            false, config.apply().forceConflicts(), "retry " + attempt + " after a failed sync"));
  }

  /**
   * Runs {@code desired} in its cluster's lane outside any record (a requested sync, a rollback, a
   * self-heal, a retry). It counts as running on the partition assignment of the pair's latest
   * record, so a hand-over waits for it ({@link DesiredPartitions#begin(Object)}); when the pair's
   * partition moved away before it began, it does not run and the future fails with {@link
   * PairMoved} (the new owner has the pair).
   */
  public CompletableFuture<SyncCompleted> submit(DesiredState desired, SyncRequest request) {
    metrics.queued(1);
    CompletableFuture<SyncCompleted> out =
        lanes.submit(
            desired.cluster(),
            desired.app(),
            () -> {
              Object owner = gate.owner(desired.app(), desired.cluster()).orElse(null);
              if (!partitions.begin(owner)) {
                return CompletableFuture.failedFuture(new PairMoved(desired, request));
              }
              CompletionStage<SyncCompleted> run;
              try {
                run = sync(desired, request);
              } catch (RuntimeException e) {
                partitions.end(owner);
                throw e;
              }
              return run.whenComplete((done, failure) -> partitions.end(owner));
            });
    out.whenComplete(
        (done, failure) -> {
          metrics.queued(-1);
          if (unwrap(failure) instanceof PairMoved moved) {
            Log.infof("%s", moved.getMessage());
          } else if (failure != null) {
            Log.errorf(
                "%s of app=%s cluster=%s revision=%s failed: %s",
                request.reason(),
                desired.app(),
                desired.cluster(),
                desired.revision(),
                unwrap(failure).toString());
          }
        });
    return out;
  }

  /**
   * Runs a desired state a resume freed in its cluster's lane and settles its records (when the
   * sync failed, the gate keeps them until a retry succeeds); nothing when their partition moved
   * meanwhile (the new owner applies it).
   */
  public void submitReleased(ControlGate.Release release, SyncRequest request) {
    DesiredState desired = release.desired();
    metrics.queued(1);
    lanes
        .submit(
            desired.cluster(),
            desired.app(),
            () -> {
              if (!release.records().stream().allMatch(RecordLease::begin)) {
                release.records().forEach(RecordLease::end);
                return CompletableFuture.completedFuture(null);
              }
              return sync(desired, request);
            })
        .whenComplete(
            (done, failure) -> {
              metrics.queued(-1);
              for (RecordLease r : release.records()) {
                if (done != null && done.status() == SyncCompleted.Status.FAILED && r.current()) {
                  // as for a record's own sync: settled when a retry succeeds
                  gate.keepFailed(desired.app(), desired.cluster(), r).ifPresent(RecordLease::ack);
                } else if (done != null) {
                  r.ack();
                } else if (failure != null) {
                  fail(r, desired, failure);
                }
                r.end();
              }
            });
  }

  private static void fail(
      Message<String> record, RecordLease lease, DesiredEvent event, Throwable failure) {
    if (!lease.current()) {
      // The partition moved or this instance is stopping (its lanes refuse work): the record
      // stays uncommitted and its next owner runs it.
      Log.infof(
          "%s (app=%s cluster=%s) not finished here: %s; left to the partition's next owner",
          where(record), event.app(), event.cluster(), unwrap(failure).toString());
      return;
    }
    fail(lease, event, failure);
  }

  private static void fail(RecordLease lease, DesiredEvent event, Throwable failure) {
    if (!lease.current()) {
      return;
    }
    Throwable cause = unwrap(failure);
    if (cause instanceof RefusedRecord refused) {
      Log.warnf(
          "desired state (app=%s cluster=%s revision=%s) sent to %s: %s",
          event.app(), event.cluster(), event.revision(), Topics.DEAD_LETTER, refused.getMessage());
      lease.nack(refused);
      return;
    }
    Log.errorf(
        "desired state (app=%s cluster=%s revision=%s) could not be completed, sent to %s: %s",
        event.app(), event.cluster(), event.revision(), Topics.DEAD_LETTER, cause.toString());
    lease.nack(
        new IllegalStateException(
            "processing failed for "
                + event.cluster()
                + "/"
                + event.app()
                + " at "
                + event.revision()
                + ": "
                + cause,
            cause));
  }

  /** A sync outside any record not run: the pair's partition is no longer this instance's. */
  public static final class PairMoved extends RuntimeException {
    PairMoved(DesiredState desired, SyncRequest request) {
      super(
          request.reason()
              + " of app="
              + desired.app()
              + " cluster="
              + desired.cluster()
              + " not run here: the pair's partition moved to another instance, which has it now",
          null,
          false,
          false);
    }
  }

  /** A readable desired state the applier will not apply; its message says why. */
  static final class RefusedRecord extends RuntimeException {
    RefusedRecord(String message) {
      super(message, null, false, false);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static String where(Message<String> record) {
    return record
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .map(m -> "record " + m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
        .orElse("record");
  }
}
