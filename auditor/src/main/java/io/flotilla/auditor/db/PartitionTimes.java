package io.flotilla.auditor.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The span of event times in each monthly partition, so that a {@code since}/{@code until} filter
 * can leave out whole months that hold no matching row.
 *
 * <p>Why: partitions are by {@code recorded_at}, pages are in {@code seq} order, and PostgreSQL
 * merges the partitions' ordered scans, taking the first matching row of every partition. A month
 * with no row in the time range is then read to its end to find none: {@code until} a date in the
 * past scanned every newer month (0.9 s at 1 million rows). A partition whose smallest event time
 * is after {@code until} (or largest before {@code since}) cannot hold a match, so a bound on
 * {@code recorded_at} that excludes it changes no result and lets the planner prune it.
 *
 * <p>A month is closed once its end has passed (with an hour's margin for clocks): rows are never
 * recorded into the past (the writer keeps {@code recorded_at} non-decreasing), so its span is read
 * once and kept. The open months are read at every query (two index probes each).
 */
final class PartitionTimes {
  private static final Pattern NAME = Pattern.compile("audit_log_(\\d{4})_(\\d{2})");
  private static final Duration MARGIN = Duration.ofHours(1);

  /** One partition: recorded_at in [from, to), event times min..max (null when empty). */
  record Span(Instant from, Instant to, Instant minEvent, Instant maxEvent) {}

  /** Bounds on recorded_at (null: none): every matching row has lower <= recorded_at < upper. */
  record Bounds(Instant lower, Instant upper) {
    static final Bounds NONE = new Bounds(null, null);
  }

  private final Map<YearMonth, Span> closed = new ConcurrentHashMap<>();

  Bounds bounds(Connection c, Instant since, Instant until) throws SQLException {
    if (since == null && until == null) {
      return Bounds.NONE;
    }
    List<Span> spans = spans(c);
    if (spans == null) {
      return Bounds.NONE;
    }
    Instant upper = null;
    if (until != null) {
      for (int i = spans.size() - 1; i >= 0; i--) {
        Span s = spans.get(i);
        if (s.minEvent() != null && !s.minEvent().isAfter(until)) {
          break;
        }
        upper = s.from();
      }
    }
    Instant lower = null;
    if (since != null) {
      for (Span s : spans) {
        if (s.maxEvent() != null && !s.maxEvent().isBefore(since)) {
          break;
        }
        lower = s.to();
      }
    }
    return new Bounds(lower, upper);
  }

  /** Every partition, oldest first; null when one is not a month named as the log names them. */
  private List<Span> spans(Connection c) throws SQLException {
    List<YearMonth> months = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                    + " where i.inhparent = 'audit_log'::regclass");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Matcher m = NAME.matcher(rs.getString(1));
        if (!m.matches()) {
          return null;
        }
        months.add(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
      }
    }
    months.sort(null);
    Instant now = Instant.now();
    List<Span> spans = new ArrayList<>(months.size());
    for (YearMonth month : months) {
      Span known = closed.get(month);
      if (known == null) {
        known = read(c, month);
        if (known.to().plus(MARGIN).isBefore(now)) {
          closed.put(month, known);
        }
      }
      spans.add(known);
    }
    return spans;
  }

  private static Span read(Connection c, YearMonth month) throws SQLException {
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    // through the parent (the service role may read it, not each partition), pruned to one month
    try (PreparedStatement s =
        c.prepareStatement(
            "select min(event_time) as min_event, max(event_time) as max_event from audit_log"
                + " where recorded_at >= ? and recorded_at < ?")) {
      s.setObject(1, Rows.timestamp(from));
      s.setObject(2, Rows.timestamp(to));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Span(from, to, Rows.instant(rs, "min_event"), Rows.instant(rs, "max_event"));
      }
    }
  }
}
