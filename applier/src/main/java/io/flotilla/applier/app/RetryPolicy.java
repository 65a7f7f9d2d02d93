package io.flotilla.applier.app;

import java.time.Duration;

/**
 * Exponential back-off with jitter for transient cluster failures: attempt {@code n} (1-based)
 * waits a random time between half and all of {@code initial × factor^(n-1)}, capped at {@code max}
 * ("equal jitter": retries spread out, yet never come back at once); a server's {@code Retry-After}
 * is honoured instead (capped at {@code max} too).
 *
 * @param attempts calls in all, the first included
 */
public record RetryPolicy(int attempts, Duration initial, double factor, Duration max) {
  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("retry attempts must be at least 1, was " + attempts);
    }
  }

  public static RetryPolicy exponential(
      int attempts, Duration initial, double factor, Duration max) {
    return new RetryPolicy(attempts, initial, factor, max);
  }

  /**
   * How long to wait before attempt {@code attempt + 1}.
   *
   * @param random a number in [0, 1)
   */
  public Duration delay(int attempt, Duration retryAfter, double random) {
    if (retryAfter != null) {
      return retryAfter.compareTo(max) > 0 ? max : retryAfter;
    }
    double ceiling =
        Math.min(initial.toMillis() * Math.pow(factor, attempt - 1), (double) max.toMillis());
    return Duration.ofMillis((long) (ceiling / 2 + ceiling / 2 * random));
  }
}
