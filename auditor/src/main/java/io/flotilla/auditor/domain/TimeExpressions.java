package io.flotilla.auditor.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instants as the query API accepts them: ISO-8601 ({@code 2026-11-26T10:15:30Z}, {@code
 * 2026-11-26T11:15:30+01:00}) or "that long ago" ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d},
 * {@code 2w}).
 */
public final class TimeExpressions {
  private static final Pattern RELATIVE = Pattern.compile("([0-9]{1,9})([smhdw])");
  private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

  private TimeExpressions() {}

  /**
   * @throws IllegalArgumentException naming what was expected
   */
  public static Instant parse(String text, Instant now) {
    String t = text.trim();
    Matcher m = RELATIVE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
          };
      return clamp(now.minus(unit.multipliedBy(n)));
    }
    try {
      return clamp(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is neither an ISO-8601 instant (e.g. 2026-11-26T10:15:30Z) nor a duration ago"
              + " (e.g. 30m, 2h, 7d)");
    }
  }

  private static Instant clamp(Instant t) {
    return t.isBefore(MIN) ? MIN : t.isAfter(MAX) ? MAX : t;
  }
}
