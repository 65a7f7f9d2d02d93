package io.flotilla.auditor.db;

import io.flotilla.auditor.domain.AuditRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Column lists and conversions between {@code audit_log} rows and {@link AuditRow}. */
final class Rows {
  static final String COLUMNS =
      "seq, event_id, type, topic, app, cluster, revision, actor, message, event_time,"
          + " recorded_at, bundle_hash, envelope, prev_hash, hash";

  private Rows() {}

  static AuditRow read(ResultSet rs) throws SQLException {
    return new AuditRow(
        rs.getLong("seq"),
        rs.getString("event_id"),
        rs.getString("type"),
        rs.getString("topic"),
        rs.getString("app"),
        rs.getString("cluster"),
        rs.getString("revision"),
        rs.getString("actor"),
        rs.getString("message"),
        instant(rs, "event_time"),
        instant(rs, "recorded_at"),
        rs.getString("bundle_hash"),
        rs.getString("envelope"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime timestamp(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static void bind(PreparedStatement s, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      s.setObject(i + 1, params.get(i));
    }
  }
}
