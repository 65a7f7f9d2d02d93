package io.flotilla.gitwatcher.webhook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per source: {@code burst} calls at once, refilled at {@code perSecond}. Time comes
 * from the given nanosecond clock, so tests drive it. Buckets full again are forgotten so that the
 * map does not grow with every address ever seen.
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  public RateLimiter(double perSecond, int burst, LongSupplier nanos) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "rate limit needs a positive rate and a burst of at least 1, got "
              + perSecond
              + "/s burst "
              + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanos = nanos;
  }

  /** Takes one token for {@code source}; false when its bucket is empty (the call is refused). */
  public boolean tryAcquire(String source) {
    long now = nanos.getAsLong();
    if (buckets.size() > 10_000) {
      buckets.entrySet().removeIf(e -> refill(e.getValue(), now) >= burst);
    }
    Bucket b = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = refill(b, now);
      b.at = now;
      if (b.tokens < 1) {
        return false;
      }
      b.tokens -= 1;
      return true;
    }
  }

  /**
   * Whole seconds until {@code source} has a token again (at least 1): the {@code Retry-After} of a
   * refused call.
   */
  public long retryAfterSeconds(String source) {
    Bucket b = buckets.get(source);
    if (b == null) {
      return 1;
    }
    synchronized (b) {
      double missing = 1 - refill(b, nanos.getAsLong());
      return Math.max(1, (long) Math.ceil(missing / perSecond));
    }
  }

  private double refill(Bucket b, long now) {
    return Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
  }
}
