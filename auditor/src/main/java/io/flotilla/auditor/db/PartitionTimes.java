package io.flotilla.auditor.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The span of event times recorded in each hour, so that a {@code since}/{@code until} filter reads
 * only the part of the log that can hold a match.
 *
 * <p>Why: pages are in {@code seq} order, and PostgreSQL reads a time filter by walking {@code seq}
 * backwards and testing each row: {@code until} a date in the past first walked through every newer
 * row (0.9 s at 1 million rows, 1.7 s with a generic plan that also merged every month). Rows are
 * recorded in {@code seq} order and {@code recorded_at} never goes back (see {@link AuditWriter}),
 * so each hour of {@code recorded_at} is one contiguous range of {@code seq}. If every row recorded
 * after some hour has an event time after {@code until}, no match has a higher {@code seq} than
 * that hour's last: a bound on {@code seq} (and on {@code recorded_at}, which prunes whole months)
 * that changes no result and lets the scan start right there. The same from below for {@code
 * since}.
 *
 * <p>An hour is final once it has ended (with a few minutes' margin for clocks): its span is read
 * once and kept, and each query reads only the rows after the last final hour (by {@code seq}, an
 * index range). The first query with a time filter reads the whole log once (about a second per
 * million rows).
 */
final class PartitionTimes {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MARGIN = Duration.ofMinutes(5);

  /** The rows recorded in one hour: event times min..max, seq min..max. */
  record Span(Instant hour, Instant minEvent, Instant maxEvent, long minSeq, long maxSeq) {}

  /**
   * Bounds every matching row lies within (null: none): {@code lowerRecorded <= recorded_at <
   * upperRecorded}, {@code minSeq <= seq <= maxSeq}.
   */
  record Bounds(Instant lowerRecorded, Instant upperRecorded, Long minSeq, Long maxSeq) {
    static final Bounds NONE = new Bounds(null, null, null, null);
  }

  /** Final hours in seq order (an hour may appear twice should the clock have stepped back). */
  private final List<Span> finalHours = new ArrayList<>();

  private long finalSeq;

  Bounds bounds(Connection c, Instant since, Instant until) throws SQLException {
    if (since == null && until == null) {
      return Bounds.NONE;
    }
    return of(spans(c), since, until);
  }

  /** The bounds for {@code since}/{@code until} given every hour's span, in seq order. */
  static Bounds of(List<Span> spans, Instant since, Instant until) {
    if (spans.isEmpty() || (since == null && until == null)) {
      return Bounds.NONE;
    }
    Instant upperRecorded = null;
    Long maxSeq = null;
    if (until != null) {
      for (int i = spans.size() - 1; i >= 0; i--) {
        Span s = spans.get(i);
        if (!s.minEvent().isAfter(until)) {
          if (i < spans.size() - 1) {
            upperRecorded = s.hour().plus(HOUR);
            maxSeq = s.maxSeq();
          }
          break;
        }
        if (i == 0) { // nothing recorded holds an event that old
          upperRecorded = s.hour();
          maxSeq = s.minSeq() - 1;
        }
      }
    }
    Instant lowerRecorded = null;
    Long minSeq = null;
    if (since != null) {
      for (int i = 0; i < spans.size(); i++) {
        Span s = spans.get(i);
        if (!s.maxEvent().isBefore(since)) {
          if (i > 0) {
            lowerRecorded = s.hour();
            minSeq = s.minSeq();
          }
          break;
        }
        if (i == spans.size() - 1) {
          lowerRecorded = s.hour().plus(HOUR);
          minSeq = s.maxSeq() + 1;
        }
      }
    }
    return new Bounds(lowerRecorded, upperRecorded, minSeq, maxSeq);
  }

  /** Every hour that has rows, oldest first. */
  private synchronized List<Span> spans(Connection c) throws SQLException {
    List<Span> open = new ArrayList<>();
    Instant now = Instant.now();
    try (PreparedStatement s =
        c.prepareStatement(
            "select date_trunc('hour', recorded_at, 'UTC') as hour,"
                + " min(event_time) as min_event, max(event_time) as max_event,"
                + " min(seq), max(seq) from audit_log where seq > ? group by 1 order by 1")) {
      s.setLong(1, finalSeq);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Span span =
              new Span(
                  Rows.instant(rs, "hour"),
                  Rows.instant(rs, "min_event"),
                  Rows.instant(rs, "max_event"),
                  rs.getLong(4),
                  rs.getLong(5));
          if (open.isEmpty() && span.hour().plus(HOUR).plus(MARGIN).isBefore(now)) {
            finalHours.add(span);
            finalSeq = span.maxSeq();
          } else {
            open.add(span);
          }
        }
      }
    }
    List<Span> all = new ArrayList<>(finalHours.size() + open.size());
    all.addAll(finalHours);
    all.addAll(open);
    return all;
  }
}
