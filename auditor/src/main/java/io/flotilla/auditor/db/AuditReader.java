package io.flotilla.auditor.db;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.domain.AuditChain;
import io.flotilla.auditor.domain.AuditQuery;
import io.flotilla.auditor.domain.AuditRow;
import io.flotilla.auditor.domain.Verification;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the audit log: pages, streams, single events and chain verification. SELECT only. */
@ApplicationScoped
public class AuditReader {
  /** Rows fetched from the server at a time when streaming. */
  static final int FETCH = 500;

  private final AgroalDataSource db;
  private final PartitionTimes partitions = new PartitionTimes();

  AuditReader(AgroalDataSource db) {
    this.db = db;
  }

  /** One page: at most {@code query.limit()} rows. */
  public List<AuditRow> search(AuditQuery query) throws SQLException {
    if (query.limit() < 1) {
      throw new IllegalArgumentException("a page needs a limit, got " + query.limit());
    }
    List<AuditRow> rows = new ArrayList<>(query.limit());
    try (Connection c = db.getConnection()) {
      QuerySql sql = QuerySql.of(query, partitions.bounds(c, query.since(), query.until()));
      try (PreparedStatement s = c.prepareStatement(sql.sql)) {
        Rows.bind(s, sql.params);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(Rows.read(rs));
          }
        }
      }
    }
    return rows;
  }

  /**
   * Every row matching {@code query}, handed to {@code sink} one at a time as the server sends them
   * ({@value #FETCH} at a time, through a cursor): memory stays flat however many rows match.
   */
  public long stream(AuditQuery query, RowSink sink) throws SQLException, IOException {
    PartitionTimes.Bounds bounds;
    try (Connection c = db.getConnection()) {
      bounds = partitions.bounds(c, query.since(), query.until());
    }
    QuerySql sql = QuerySql.of(query, bounds);
    return streamRows(sql.sql, sql.params, sink);
  }

  /** The row of one CloudEvent id. */
  public Optional<AuditRow> findByEventId(String eventId) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select "
                    + Rows.COLUMNS.replaceAll("(\\w+)", "l.$1")
                    + " from audit_event e join audit_log l on l.seq = e.seq"
                    + " where e.event_id = ?")) {
      s.setString(1, eventId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(Rows.read(rs)) : Optional.empty();
      }
    }
  }

  /** The canonical JSON of a stored bundle. */
  public Optional<String> bundle(String hash) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("select content from audit_bundle where hash = ?")) {
      s.setString(1, hash);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Recomputes the chain over the rows with {@code from <= seq <= to} (either may be {@code null}),
   * streamed. Without {@code from} (or from 1) the first row must follow genesis; otherwise the
   * first row's stored {@code prev_hash} is trusted and every later link checked.
   */
  public Verification verify(Long from, Long to) throws SQLException, IOException {
    AuditChain.Verifier verifier =
        from == null || from <= 1
            ? AuditChain.Verifier.fromGenesis()
            : AuditChain.Verifier.fromAnyRow();
    List<Object> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("select ").append(Rows.COLUMNS).append(" from audit_log where true");
    if (from != null) {
      sql.append(" and seq >= ?");
      params.add(from);
    }
    if (to != null) {
      sql.append(" and seq <= ?");
      params.add(to);
    }
    sql.append(" order by seq");
    streamRows(sql.toString(), params, verifier::accept);
    return verifier.result();
  }

  private long streamRows(String sql, List<Object> params, RowSink sink)
      throws SQLException, IOException {
    long n = 0;
    try (Connection c = db.getConnection()) {
      // the driver uses a server-side cursor only inside a transaction
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setFetchSize(FETCH);
        Rows.bind(s, params);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.accept(Rows.read(rs));
            n++;
          }
        }
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setAutoCommit(true);
      }
    }
    return n;
  }
}
