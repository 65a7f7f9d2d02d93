package io.flotilla.auditor.db;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.domain.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An application's deployment history from the audit log: its syncs (any {@code io.flotilla.sync.*}
 * type) with the commit behind each, and its rollback requests (any type naming {@code rollback}).
 */
@ApplicationScoped
public class HistoryReader {
  private final AgroalDataSource db;

  HistoryReader(AgroalDataSource db) {
    this.db = db;
  }

  /**
   * Newest (event time) first; {@code cluster}, {@code since}, {@code until} may be {@code null}.
   */
  public List<Deployment> history(
      String app, String cluster, Instant since, Instant until, int limit) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select l.seq, l.event_id, l.type, l.cluster, l.revision, l.actor, l.message,"
                + " l.event_time,"
                + " l.envelope::jsonb #>> '{data,status}' as status,"
                + " l.envelope::jsonb #>> '{data,toRevision}' as to_revision,"
                + " (select c.message from audit_log c where c.app = l.app"
                + "    and c.revision = l.revision and c.type like 'io.flotilla.commit.%'"
                + "    order by c.seq desc limit 1) as commit_message"
                + " from audit_log l"
                + " where l.app = ?"
                + " and (l.type like 'io.flotilla.sync.%' or l.type like '%rollback%')");
    List<Object> params = new ArrayList<>();
    params.add(app);
    if (cluster != null) {
      sql.append(" and (l.cluster = ? or l.cluster is null)");
      params.add(cluster);
    }
    if (since != null) {
      sql.append(" and l.event_time >= ?");
      params.add(Rows.timestamp(since));
    }
    if (until != null) {
      sql.append(" and l.event_time <= ?");
      params.add(Rows.timestamp(until));
    }
    sql.append(" order by l.event_time desc, l.seq desc limit ?");
    params.add(limit);
    List<Deployment> steps = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      Rows.bind(s, params);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          steps.add(step(rs));
        }
      }
    }
    return steps;
  }

  private static Deployment step(ResultSet rs) throws SQLException {
    boolean rollback = rs.getString("type").contains("rollback");
    String target = rs.getString("to_revision");
    if (rollback) {
      String to = target != null ? target : rs.getString("revision");
      return new Deployment(
          rs.getLong("seq"),
          rs.getString("event_id"),
          "rollback",
          rs.getString("cluster"),
          to,
          null,
          rs.getString("actor"),
          rs.getString("message"),
          Rows.instant(rs, "event_time"),
          to);
    }
    String commitMessage = rs.getString("commit_message");
    return new Deployment(
        rs.getLong("seq"),
        rs.getString("event_id"),
        "sync",
        rs.getString("cluster"),
        rs.getString("revision"),
        rs.getString("status"),
        rs.getString("actor"),
        commitMessage,
        Rows.instant(rs, "event_time"),
        null);
  }
}
