package io.flotilla.fleetsim;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for one simulated cluster, changeable while it runs: answer requests with an
 * error status (500s, or 429 with {@code Retry-After}) a number of times or until cleared, and add
 * latency to this cluster only. {@code /version} is answered normally unless {@code includeVersion}
 * is set, so health probes can be told apart from API calls.
 *
 * <p>Injected failures are counted as requests (the client did send them) and answered with a
 * Kubernetes {@code Status} body, as a real API server's failures are.
 */
public final class Faults {
  private volatile int status;
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile boolean always;
  private volatile int retryAfterSeconds = -1;
  private volatile long extraLatencyMs;
  private volatile boolean includeVersion;

  Faults() {}

  /** The next {@code count} requests are answered with {@code status} (e.g. 500, 503). */
  public Faults failNext(int count, int status) {
    this.status = status;
    this.retryAfterSeconds = -1;
    this.always = false;
    this.remaining.set(count);
    return this;
  }

  /** Every request is answered with {@code status} until {@link #clear()}. */
  public Faults failAlways(int status) {
    this.status = status;
    this.retryAfterSeconds = -1;
    this.always = true;
    return this;
  }

  /** The next {@code count} requests get 429 Too Many Requests with {@code Retry-After}. */
  public Faults throttleNext(int count, int retryAfterSeconds) {
    this.status = 429;
    this.retryAfterSeconds = retryAfterSeconds;
    this.always = false;
    this.remaining.set(count);
    return this;
  }

  /**
   * Every request gets 429 Too Many Requests with {@code Retry-After: retryAfterSeconds} until
   * {@link #clear()}.
   */
  public Faults throttleAlways(int retryAfterSeconds) {
    this.status = 429;
    this.retryAfterSeconds = retryAfterSeconds;
    this.always = true;
    return this;
  }

  /** Adds {@code ms} to every response of this cluster (on top of the fleet-wide latency). */
  public Faults latencyMs(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("latency must be >= 0, was " + ms);
    }
    this.extraLatencyMs = ms;
    return this;
  }

  /** Whether {@code /version} fails too (default: it does not). */
  public Faults includeVersion(boolean include) {
    this.includeVersion = include;
    return this;
  }

  /** No more failures and no extra latency. */
  public Faults clear() {
    always = false;
    remaining.set(0);
    extraLatencyMs = 0;
    includeVersion = false;
    return this;
  }

  /**
   * What is injected now, for the fault-control endpoint: {@code failAlways} (status) or {@code
   * throttle} (Retry-After seconds) when every request fails, {@code failNext} (remaining count),
   * and {@code latencyMs}.
   */
  java.util.Map<String, Object> describe() {
    java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
    if (always && status == 429) {
      d.put("throttle", retryAfterSeconds);
    } else if (always) {
      d.put("failAlways", status);
    } else if (remaining.get() > 0) {
      d.put("failNext", remaining.get());
      d.put("status", status);
    }
    if (extraLatencyMs > 0) {
      d.put("latencyMs", extraLatencyMs);
    }
    return d;
  }

  long extraLatencyMs() {
    return extraLatencyMs;
  }

  /** The failure to answer this request with, or {@code null} to serve it. */
  Injected next(String path) {
    if (!includeVersion && path.startsWith("/version")) {
      return null;
    }
    if (always) {
      return new Injected(status, retryAfterSeconds);
    }
    if (remaining.get() > 0 && remaining.getAndDecrement() > 0) {
      return new Injected(status, retryAfterSeconds);
    }
    return null;
  }

  record Injected(int status, int retryAfterSeconds) {}
}
