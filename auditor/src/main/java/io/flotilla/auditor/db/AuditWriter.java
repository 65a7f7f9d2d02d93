package io.flotilla.auditor.db;

import io.agroal.api.AgroalDataSource;
import io.flotilla.auditor.domain.AuditChain;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.AuditRow;
import io.flotilla.auditor.domain.StoreOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends batches of events to the chain, each batch in one transaction: take the chain lock, read
 * the database clock, drop the events already stored, read the last row, chain the rest in order
 * and insert them (bundles, event ids, rows). Only INSERT and SELECT: the service role may do
 * nothing else.
 */
@ApplicationScoped
public class AuditWriter {
  /**
   * The advisory lock every append holds until its transaction ends, so appends from any number of
   * auditor instances are serialised and each reads the true last row: the chain cannot fork.
   */
  static final long CHAIN_LOCK = 0x466c6f74696c6c61L; // "Flotilla"

  private final AgroalDataSource db;
  private final Set<YearMonth> partitions = ConcurrentHashMap.newKeySet();

  AuditWriter(AgroalDataSource db) {
    this.db = db;
  }

  /**
   * Appends {@code records} in order; returns one outcome per record, in the same order. A record
   * whose event id is already stored, or appears earlier in the batch, is a {@link
   * StoreOutcome.Duplicate}. Nothing is stored when this throws.
   */
  public List<StoreOutcome> append(List<AuditRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        Instant recordedAt = lockChain(c);
        YearMonth month = YearMonth.from(recordedAt.atOffset(ZoneOffset.UTC));
        if (!partitions.contains(month)) {
          ensurePartition(c, recordedAt);
        }
        List<StoreOutcome> outcomes = append(c, records, recordedAt);
        c.commit();
        partitions.add(month);
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      }
    }
  }

  /**
   * Appends {@code records} as {@link #append(List)} does, but recorded at {@code recordedAt}
   * instead of the database clock, inside the caller's transaction ({@code c} not in auto-commit;
   * the caller commits). For bulk loads and benchmarks that need rows spread over months: the chain
   * lock, the partition, the dedupe, the chain and the inserts are those of the service. {@code
   * recordedAt} must not be before the last row's, or the log's times would go backwards.
   */
  public static List<StoreOutcome> appendRecordedAt(
      Connection c, List<AuditRecord> records, Instant recordedAt) throws SQLException {
    lockChain(c);
    ensurePartition(c, recordedAt);
    return append(c, records, recordedAt);
  }

  private static List<StoreOutcome> append(
      Connection c, List<AuditRecord> records, Instant recordedAt) throws SQLException {
    Set<String> stored = storedIds(c, records);
    Map<String, AuditRecord> fresh = new LinkedHashMap<>();
    for (AuditRecord r : records) {
      if (!stored.contains(r.eventId())) {
        fresh.putIfAbsent(r.eventId(), r);
      }
    }
    Map<String, StoreOutcome> byId = new HashMap<>();
    if (!fresh.isEmpty()) {
      long lastSeq = 0;
      String lastHash = AuditChain.GENESIS;
      Instant at = recordedAt;
      try (PreparedStatement s =
              c.prepareStatement(
                  "select seq, hash, recorded_at from audit_log order by seq desc limit 1");
          ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          lastSeq = rs.getLong(1);
          lastHash = rs.getString(2);
          // never into the past, should the database clock step back: recorded_at follows seq,
          // which closed months and the query's month bounds rely on (PartitionTimes)
          Instant last = Rows.instant(rs, "recorded_at");
          at = last.isAfter(at) ? last : at;
        }
      }
      List<AuditRow> rows =
          AuditChain.extend(lastSeq, lastHash, new ArrayList<>(fresh.values()), at);
      insertBundles(c, fresh.values());
      insertRows(c, rows);
      rows.forEach(row -> byId.put(row.eventId(), new StoreOutcome.Stored(row.seq(), row.hash())));
    }
    List<StoreOutcome> outcomes = new ArrayList<>(records.size());
    Set<String> reported = new HashSet<>();
    for (AuditRecord r : records) {
      StoreOutcome o = byId.get(r.eventId());
      outcomes.add(
          o != null && reported.add(r.eventId()) ? o : new StoreOutcome.Duplicate(r.eventId()));
    }
    return outcomes;
  }

  /** Takes the chain lock; returns the database clock once it is held (the rows' recorded_at). */
  private static Instant lockChain(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select pg_advisory_xact_lock(?), clock_timestamp()")) {
      s.setLong(1, CHAIN_LOCK);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return Rows.instant(rs, "clock_timestamp");
      }
    }
  }

  /** Creates the month's partition when missing (the function checks the catalogue itself). */
  private static void ensurePartition(Connection c, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select audit_log_partition_for(?)")) {
      s.setObject(1, Rows.timestamp(at));
      s.execute();
    }
  }

  private static Set<String> storedIds(Connection c, List<AuditRecord> records)
      throws SQLException {
    Array ids = c.createArrayOf("text", records.stream().map(AuditRecord::eventId).toArray());
    Set<String> stored = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement("select event_id from audit_event where event_id = any(?)")) {
      s.setArray(1, ids);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
    }
    return stored;
  }

  private static void insertBundles(Connection c, Iterable<AuditRecord> records)
      throws SQLException {
    Map<String, String> bundles = new LinkedHashMap<>();
    for (AuditRecord r : records) {
      if (r.bundle() != null) {
        bundles.putIfAbsent(r.bundle().hash(), r.bundle().content());
      }
    }
    if (bundles.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into audit_bundle (hash, content) values (?, ?) on conflict do nothing")) {
      for (Map.Entry<String, String> b : bundles.entrySet()) {
        s.setString(1, b.getKey());
        s.setString(2, b.getValue());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void insertRows(Connection c, List<AuditRow> rows) throws SQLException {
    CopyRows.insert(c, rows);
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
