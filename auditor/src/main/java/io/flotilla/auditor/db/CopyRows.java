package io.flotilla.auditor.db;

import io.flotilla.auditor.domain.AuditRow;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Inserts chained rows with {@code COPY … FROM STDIN}: one round trip and one statement per table
 * for the whole batch, instead of a multi-row INSERT with 15 bind parameters per row. COPY runs the
 * tables' INSERT triggers and checks like any INSERT, and needs only the INSERT privilege.
 */
final class CopyRows {
  static final String COPY_EVENTS = "copy audit_event (event_id, seq) from stdin";
  static final String COPY_LOG = "copy audit_log (" + Rows.COLUMNS + ") from stdin";

  private CopyRows() {}

  static void insert(Connection c, List<AuditRow> rows) throws SQLException {
    StringBuilder ids = new StringBuilder(rows.size() * 48);
    StringBuilder log = new StringBuilder(rows.size() * 2048);
    for (AuditRow r : rows) {
      text(ids, r.eventId()).append('\t').append(r.seq()).append('\n');
      log.append(r.seq()).append('\t');
      text(log, r.eventId()).append('\t');
      text(log, r.type()).append('\t');
      text(log, r.topic()).append('\t');
      text(log, r.app()).append('\t');
      text(log, r.cluster()).append('\t');
      text(log, r.revision()).append('\t');
      text(log, r.actor()).append('\t');
      text(log, r.message()).append('\t');
      // ISO-8601 with 'Z': PostgreSQL reads it as a timestamptz to the microsecond
      log.append(r.eventTime()).append('\t');
      log.append(r.recordedAt()).append('\t');
      text(log, r.bundleHash()).append('\t');
      text(log, r.envelope()).append('\t');
      text(log, r.prevHash()).append('\t');
      text(log, r.hash()).append('\n');
    }
    try {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn(COPY_EVENTS, new StringReader(ids.toString()));
      copy.copyIn(COPY_LOG, new StringReader(log.toString()));
    } catch (java.io.IOException e) {
      throw new SQLException("cannot stream a batch to PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * One value in COPY's text format: {@code \N} for null; backslash, tab, newline and carriage
   * return escaped. (NUL cannot occur: such events are refused before they get here.)
   */
  static StringBuilder text(StringBuilder out, String value) {
    if (value == null) {
      return out.append("\\N");
    }
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      String escaped =
          switch (ch) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (escaped != null) {
        out.append(value, run, i).append(escaped);
        run = i + 1;
      }
    }
    return out.append(value, run, value.length());
  }
}
