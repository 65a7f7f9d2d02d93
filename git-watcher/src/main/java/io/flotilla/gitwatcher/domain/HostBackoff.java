package io.flotilla.gitwatcher.domain;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter per Git host: after a failure, repositories on that host are not
 * checked again until the backoff has passed (doubling per consecutive failure, up to a maximum),
 * so a failing host costs neither it nor the watcher a request per poll, while other hosts are
 * checked as usual. A success clears the host. Pure apart from the random source it is given.
 */
public final class HostBackoff {
  private final Duration base;
  private final Duration max;
  private final DoubleSupplier random;
  private final Map<String, State> hosts = new ConcurrentHashMap<>();

  /**
   * @param random values in [0, 1): the jitter; each delay is between half and all of the
   *     exponential step
   */
  public HostBackoff(Duration base, Duration max, DoubleSupplier random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** Whether a repository of {@code repoUrl}'s host may be checked at {@code now}. */
  public boolean mayCheck(String repoUrl, Instant now) {
    State s = hosts.get(host(repoUrl));
    return s == null || !now.isBefore(s.notBefore);
  }

  /** When the host may next be checked, if it is backing off. */
  public Instant notBefore(String repoUrl) {
    State s = hosts.get(host(repoUrl));
    return s == null ? Instant.MIN : s.notBefore;
  }

  public void failed(String repoUrl, Instant now) {
    hosts.compute(
        host(repoUrl),
        (h, s) -> {
          int failures = s == null ? 1 : s.failures + 1;
          long step = base.toMillis() << Math.min(failures - 1, 30);
          long capped = Math.min(step, max.toMillis());
          long delay = capped / 2 + (long) (random.getAsDouble() * (capped / 2.0));
          return new State(failures, now.plusMillis(delay));
        });
  }

  public void succeeded(String repoUrl) {
    hosts.remove(host(repoUrl));
  }

  /**
   * The host a URL names ({@code https://h/…}, {@code ssh://u@h:22/…}, {@code u@h:path}); a {@code
   * file://} repository is its own host.
   */
  static String host(String url) {
    if (url.startsWith("file:") || url.startsWith("/")) {
      return url;
    }
    if (!url.contains("://")) {
      int at = url.indexOf('@');
      int colon = url.indexOf(':', at + 1);
      return colon > 0 ? url.substring(at + 1, colon).toLowerCase() : url.toLowerCase();
    }
    try {
      String h = URI.create(url).getHost();
      return h == null ? url : h.toLowerCase();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  private record State(int failures, Instant notBefore) {}
}
