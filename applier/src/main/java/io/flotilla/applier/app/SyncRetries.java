package io.flotilla.applier.app;

import io.flotilla.events.DesiredState;
import io.flotilla.events.SyncCompleted;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs a failed sync again, later, until it succeeds or something newer replaces it: a cluster that
 * returned 500s, throttled, timed out or was unreachable converges once it is back, without waiting
 * for the next commit. The delay doubles from {@code FLOTILLA_APPLY_RETRY_BASE} (5 s) up to {@code
 * FLOTILLA_APPLY_RETRY_MAX} (5 min), with equal jitter so a fleet of failed clusters does not come
 * back in one burst. Per-request retries (a few attempts within one sync) happen below this, in the
 * cluster client; this is the slower loop across syncs.
 *
 * <p>Whether the retry still applies is the caller's decision at the time it fires (the desired
 * state may have been replaced, paused, or moved to another instance).
 */
@ApplicationScoped
public class SyncRetries {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flotilla-sync-retries"));
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  private final Duration base;
  private final Duration max;

  @Inject
  public SyncRetries(ApplierConfig config) {
    this.base = config.apply().retryBase();
    this.max = config.apply().retryMax();
  }

  /**
   * After a sync of {@code desired} ended with {@code done}: a failure schedules {@code rerun}
   * (given the attempt number, from 1) after the next back-off; a success resets the count.
   */
  public void after(DesiredState desired, SyncCompleted done, IntConsumer rerun) {
    String key = desired.app() + "\u0000" + desired.cluster() + "\u0000" + desired.bundleHash();
    if (done.status() != SyncCompleted.Status.FAILED) {
      attempts.keySet().removeIf(k -> k.startsWith(desired.app() + "\u0000" + desired.cluster()));
      return;
    }
    int attempt = attempts.merge(key, 1, Integer::sum);
    timer.schedule(() -> rerun.accept(attempt), delay(attempt).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Exponential back-off with equal jitter: half fixed, half random. */
  Duration delay(int attempt) {
    long ceiling = max.toMillis();
    long exp = base.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(ceiling, exp <= 0 ? ceiling : exp);
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
