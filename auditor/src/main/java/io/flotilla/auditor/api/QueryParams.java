package io.flotilla.auditor.api;

import io.flotilla.auditor.domain.AuditQuery;
import io.flotilla.auditor.domain.TimeExpressions;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the query string of the audit endpoints; every mistake is a 400. */
final class QueryParams {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final Set<String> FILTERS =
      Set.of(
          "app",
          "cluster",
          "revision",
          "actor",
          "type",
          "since",
          "until",
          "q",
          "limit",
          "cursor",
          "order");

  private final MultivaluedMap<String, String> params;

  QueryParams(MultivaluedMap<String, String> params, Set<String> allowed) {
    this.params = params;
    Set<String> unknown = new TreeSet<>(params.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      String name = unknown.iterator().next();
      throw ApiException.badParameter(
          name,
          "unknown query parameter '"
              + name
              + "'; this endpoint accepts "
              + String.join(", ", new TreeSet<>(allowed)));
    }
    for (String name : params.keySet()) {
      if (params.get(name).size() > 1) {
        throw ApiException.badParameter(name, "query parameter '" + name + "' is given twice");
      }
    }
  }

  /** The value, or {@code null} when absent or blank. */
  String text(String name) {
    String v = params.getFirst(name);
    return v == null || v.isBlank() ? null : v;
  }

  Instant instant(String name, Instant now) {
    String v = text(name);
    if (v == null) {
      return null;
    }
    try {
      return TimeExpressions.parse(v, now);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(name, name + ": " + e.getMessage());
    }
  }

  long number(String name, long min, long max, long fallback) {
    String v = text(name);
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed range
    }
    throw ApiException.badParameter(
        name, name + " must be an integer between " + min + " and " + max + ", got '" + v + "'");
  }

  boolean ascending() {
    String v = text("order");
    if (v == null || v.equalsIgnoreCase("desc")) {
      return false;
    }
    if (v.equalsIgnoreCase("asc")) {
      return true;
    }
    throw ApiException.badParameter("order", "order must be 'asc' or 'desc', got '" + v + "'");
  }

  /** The filters; {@code limit} 0 means "no limit" (export). */
  AuditQuery query(Instant now, int defaultLimit, int maxLimit) {
    boolean ascending = ascending();
    Instant since = instant("since", now);
    Instant until = instant("until", now);
    if (since != null && until != null && since.isAfter(until)) {
      throw ApiException.badParameter(
          "since", "since (" + since + ") is after until (" + until + "): nothing can match");
    }
    return new AuditQuery(
        text("app"),
        text("cluster"),
        text("revision"),
        text("actor"),
        text("type"),
        since,
        until,
        text("q"),
        Cursor.decode(text("cursor"), ascending),
        ascending,
        (int) number("limit", 1, maxLimit, defaultLimit));
  }

  /** The opaque pagination cursor: where the previous page ended, and in which order. */
  static final class Cursor {
    private Cursor() {}

    static String encode(long seq, boolean ascending) {
      String plain = "v1:" + (ascending ? "asc" : "desc") + ":" + seq;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Long decode(String cursor, boolean ascending) {
      if (cursor == null) {
        return null;
      }
      List<String> parts;
      try {
        parts =
            List.of(
                new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split(":", -1));
      } catch (IllegalArgumentException e) {
        throw badCursor();
      }
      if (parts.size() != 3 || !parts.get(0).equals("v1")) {
        throw badCursor();
      }
      String order = ascending ? "asc" : "desc";
      if (!parts.get(1).equals(order)) {
        throw ApiException.badParameter(
            "cursor",
            "this cursor continues an order="
                + parts.get(1).toLowerCase(Locale.ROOT)
                + " listing; ask with order="
                + parts.get(1)
                + " or start without a cursor");
      }
      try {
        return Long.parseLong(parts.get(2));
      } catch (NumberFormatException e) {
        throw badCursor();
      }
    }

    private static ApiException badCursor() {
      return ApiException.badParameter(
          "cursor",
          "cursor is not one this API returned; use the nextCursor of a previous page, unchanged");
    }
  }
}
