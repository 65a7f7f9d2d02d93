package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A request to a protected API (the applier's control API, the auditor's audit and history API) was
 * refused with 401: it carried no bearer token, or one no API tokens file line holds. Published on
 * {@code flotilla.control}, key {@code *}, so the audit log records refusals next to the commands.
 * Never carries the presented token or any part of it. Consumers other than the auditor ignore it.
 *
 * <p>Publication is limited per remote address ({@link Throttle}): refusals beyond the limit are
 * only counted, and the next event published for that address says how many were left out ({@code
 * suppressed}).
 *
 * @param service the service that refused it ({@code applier}, {@code auditor})
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param remoteAddress the client's host as the service saw it (no port: a client's every
 *     connection has another)
 * @param reason {@code missing token} (no bearer token) or {@code unknown token}
 * @param deniedAt when it was refused
 * @param suppressed refusals from this address since the previous published one that were not
 *     published (rate limit); 0 when none
 */
public record AccessDenied(
    String service,
    String method,
    String path,
    String remoteAddress,
    String reason,
    Instant deniedAt,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int suppressed)
    implements FlotillaEvent {
  /** No {@code Authorization: Bearer} header at all. */
  public static final String MISSING_TOKEN = "missing token";

  /** A bearer token that no line of the API tokens file holds (or another scheme). */
  public static final String UNKNOWN_TOKEN = "unknown token";

  public AccessDenied {
    Required.text(service, "service");
    Required.text(method, "method");
    Required.text(path, "path");
    Required.text(remoteAddress, "remoteAddress");
    Required.text(reason, "reason");
    Required.value(deniedAt, "deniedAt");
    if (!reason.equals(MISSING_TOKEN) && !reason.equals(UNKNOWN_TOKEN)) {
      throw new IllegalArgumentException(
          "'reason' must be '"
              + MISSING_TOKEN
              + "' or '"
              + UNKNOWN_TOKEN
              + "', was '"
              + reason
              + "'");
    }
    if (suppressed < 0) {
      throw new IllegalArgumentException("'suppressed' must not be negative, was " + suppressed);
    }
  }

  /** {@link #MISSING_TOKEN} when the request had no {@code Authorization} header, else unknown. */
  public static String reasonFor(String authorization) {
    return authorization == null || authorization.isBlank() ? MISSING_TOKEN : UNKNOWN_TOKEN;
  }

  @Override
  public String app() {
    return null;
  }

  @Override
  public String revision() {
    return null;
  }

  /** The audit log's actor: {@code anonymous@<remote address>}. */
  @Override
  public Person author() {
    return new Person("anonymous@" + remoteAddress, "");
  }

  /**
   * How many refusals become events, so a flood of bad requests cannot flood Kafka: per remote
   * address a bucket of {@code burst} events refilled by one every {@code refill}, and one bucket
   * of {@code globalBurst} refilled by one every {@code globalRefill} for all addresses together.
   * At most {@code maxAddresses} addresses are remembered (least recently refused forgotten first,
   * with their count of suppressed refusals). Thread-safe.
   */
  public static final class Throttle {
    private final int burst;
    private final Duration refill;
    private final int globalBurst;
    private final Duration globalRefill;
    private final Map<String, Bucket> buckets;
    private final Bucket global;

    /** 5 events per address, then one every 12 s; 50 in all, then one every 100 ms. */
    public static Throttle standard() {
      return new Throttle(5, Duration.ofSeconds(12), 50, Duration.ofMillis(100), 10_000);
    }

    public Throttle(
        int burst, Duration refill, int globalBurst, Duration globalRefill, int maxAddresses) {
      if (burst < 1 || globalBurst < 1 || maxAddresses < 1) {
        throw new IllegalArgumentException("burst, globalBurst and maxAddresses must be >= 1");
      }
      if (refill.isNegative()
          || refill.isZero()
          || globalRefill.isNegative()
          || globalRefill.isZero()) {
        throw new IllegalArgumentException("refill periods must be positive");
      }
      this.burst = burst;
      this.refill = refill;
      this.globalBurst = globalBurst;
      this.globalRefill = globalRefill;
      this.global = new Bucket(globalBurst, null);
      this.buckets =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
              return size() > maxAddresses;
            }
          };
    }

    /**
     * A refusal from {@code remote} at {@code now}: the number of refusals from it suppressed since
     * its last published one when this one is to be published, empty when it is only counted.
     */
    public synchronized OptionalInt admit(String remote, Instant now) {
      Bucket bucket = buckets.computeIfAbsent(remote, r -> new Bucket(burst, now));
      bucket.refill(now, burst, refill);
      global.refill(now, globalBurst, globalRefill);
      if (bucket.tokens < 1 || global.tokens < 1) {
        bucket.suppressed =
            bucket.suppressed == Integer.MAX_VALUE ? Integer.MAX_VALUE : bucket.suppressed + 1;
        return OptionalInt.empty();
      }
      bucket.tokens--;
      global.tokens--;
      int suppressed = bucket.suppressed;
      bucket.suppressed = 0;
      return OptionalInt.of(suppressed);
    }

    private static final class Bucket {
      long tokens;
      Instant last;
      int suppressed;

      Bucket(int tokens, Instant last) {
        this.tokens = tokens;
        this.last = last;
      }

      void refill(Instant now, int max, Duration period) {
        if (last == null) {
          last = now;
          return;
        }
        if (now.isAfter(last)) {
          long periods = Duration.between(last, now).toNanos() / period.toNanos();
          if (periods > 0) {
            tokens = Math.min(max, tokens + periods);
            last = tokens == max ? now : last.plus(period.multipliedBy(periods));
          }
        }
      }
    }
  }
}
