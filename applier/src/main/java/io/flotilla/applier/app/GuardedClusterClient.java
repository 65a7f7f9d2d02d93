package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One cluster's budget around its {@link ClusterClient}: a token bucket of {@code qps} requests a
 * second (bursts up to {@code burst}), at most {@code maxInFlight} calls at once, and retries of
 * transient failures (429 honouring Retry-After, 5xx, connection failures, timeouts) by a {@link
 * RetryPolicy}. Other failures (4xx: validation, conflicts) are not retried: they come back at once
 * with the API server's message. Budgets are per cluster, so a slow or failing cluster only spends
 * its own (Argo CD's single global QPS limit is what throttles it at fleet scale).
 */
public final class GuardedClusterClient implements ClusterClient {
  /** Told about every call sent: verb ({@code list}, {@code apply}, {@code delete}) and status. */
  @FunctionalInterface
  public interface CallListener {
    void called(String verb, int status, Duration took);
  }

  /** How the guard waits; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Requests per second, burst and concurrency allowed against one cluster. */
  public record Budget(double qps, int burst, int maxInFlight) {
    public Budget {
      if (qps <= 0 || burst < 1 || maxInFlight < 1) {
        throw new IllegalArgumentException(
            "cluster budget needs qps > 0, burst >= 1, max in flight >= 1; was "
                + qps
                + ", "
                + burst
                + ", "
                + maxInFlight);
      }
    }
  }

  private final ClusterClient delegate;
  private final Budget budget;
  private final RetryPolicy retry;
  private final CallListener listener;
  private final Sleeper sleeper;
  private final Semaphore inFlight;
  private double tokens;
  private long refilledAt = System.nanoTime();

  public GuardedClusterClient(
      ClusterClient delegate,
      Budget budget,
      RetryPolicy retry,
      CallListener listener,
      Sleeper sleeper) {
    this.delegate = delegate;
    this.budget = budget;
    this.retry = retry;
    this.listener = listener;
    this.sleeper = sleeper;
    this.inFlight = new Semaphore(budget.maxInFlight(), true);
    this.tokens = budget.burst();
  }

  @Override
  public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
    return call("list", () -> delegate.list(kind));
  }

  @Override
  public List<Map<String, Object>> listLabelled(
      String apiVersion, String kind, String label, String value) {
    return call("list", () -> delegate.listLabelled(apiVersion, kind, label, value));
  }

  @Override
  public Optional<Map<String, Object>> get(ObjectRef ref) {
    return call("get", () -> delegate.get(ref));
  }

  @Override
  public Applied apply(Map<String, Object> object, boolean force) {
    return call("apply", () -> delegate.apply(object, force));
  }

  /** Watches are long-lived streams, not requests: outside the budget and retries. */
  @Override
  public AutoCloseable watch(
      String apiVersion, String kind, String label, String value, WatchListener listener) {
    return delegate.watch(apiVersion, kind, label, value, listener);
  }

  @Override
  public void discover(String apiVersion) {
    call(
        "discover",
        () -> {
          delegate.discover(apiVersion);
          return null;
        });
  }

  @Override
  public void delete(ObjectRef ref) {
    call(
        "delete",
        () -> {
          delegate.delete(ref);
          return null;
        });
  }

  private <T> T call(String verb, Supplier<T> request) {
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      try {
        T result = guarded(request);
        listener.called(verb, 200, Duration.ofNanos(System.nanoTime() - start));
        return result;
      } catch (ClusterCallException e) {
        listener.called(verb, e.status(), Duration.ofNanos(System.nanoTime() - start));
        if (!e.retryable() || attempt >= retry.attempts()) {
          if (e.retryable()) {
            throw new ClusterCallException(
                e.getMessage() + " (after " + attempt + " attempts)",
                e.status(),
                e.retryAfter(),
                true);
          }
          throw e;
        }
        pause(retry.delay(attempt, e.retryAfter(), ThreadLocalRandom.current().nextDouble()));
      }
    }
  }

  private <T> T guarded(Supplier<T> request) {
    pause(takeToken());
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterCallException("interrupted while waiting for the cluster's budget");
    }
    try {
      return request.get();
    } finally {
      inFlight.release();
    }
  }

  /** Takes a token, returning how long to wait for it (the bucket may go negative: a queue). */
  private synchronized Duration takeToken() {
    long now = System.nanoTime();
    tokens = Math.min(budget.burst(), tokens + (now - refilledAt) / 1e9 * budget.qps());
    refilledAt = now;
    tokens -= 1;
    return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / budget.qps() * 1e9));
  }

  private void pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterCallException("interrupted while backing off");
    }
  }
}
