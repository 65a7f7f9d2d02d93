package io.flotilla.auditor.db;

import io.flotilla.auditor.domain.AuditQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The SQL of an {@link AuditQuery}: every value a bind parameter, every filter indexed. */
final class QuerySql {
  final String sql;
  final List<Object> params;

  private QuerySql(String sql, List<Object> params) {
    this.sql = sql;
    this.params = params;
  }

  static QuerySql of(AuditQuery q) {
    return of(q, PartitionTimes.Bounds.NONE);
  }

  /**
   * The query, with {@code recorded} bounds added: they must not exclude any matching row (see
   * {@link PartitionTimes}); they only let PostgreSQL skip months.
   */
  static QuerySql of(AuditQuery q, PartitionTimes.Bounds recorded) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (recorded.lowerRecorded() != null) {
      where.add("recorded_at >= ?");
      params.add(Rows.timestamp(recorded.lowerRecorded()));
    }
    if (recorded.upperRecorded() != null) {
      where.add("recorded_at < ?");
      params.add(Rows.timestamp(recorded.upperRecorded()));
    }
    if (recorded.minSeq() != null) {
      where.add("seq >= ?");
      params.add(recorded.minSeq());
    }
    if (recorded.maxSeq() != null) {
      where.add("seq <= ?");
      params.add(recorded.maxSeq());
    }
    if (q.app() != null) {
      where.add("app = ?");
      params.add(q.app());
    }
    if (q.cluster() != null) {
      where.add("cluster = ?");
      params.add(q.cluster());
    }
    if (q.revision() != null) {
      where.add("revision = ?");
      params.add(q.revision());
    }
    if (q.typePrefix() != null) {
      where.add("type like ? escape '\\'");
      params.add(escapeLike(q.typePrefix()) + "%");
    }
    if (q.since() != null) {
      where.add("event_time >= ?");
      params.add(Rows.timestamp(q.since()));
    }
    if (q.until() != null) {
      where.add("event_time <= ?");
      params.add(Rows.timestamp(q.until()));
    }
    if (q.text() != null) {
      where.add("message ilike ? escape '\\'");
      params.add("%" + escapeLike(q.text()) + "%");
    }
    if (q.after() != null) {
      where.add(q.ascending() ? "seq > ?" : "seq < ?");
      params.add(q.after());
    }
    String order = " order by seq " + (q.ascending() ? "asc" : "desc");
    String limit = q.limit() > 0 ? " limit ?" : "";
    if (q.actor() == null) {
      StringBuilder sql = select(where).append(order).append(limit);
      if (q.limit() > 0) {
        params.add(q.limit());
      }
      return new QuerySql(sql.toString(), params);
    }
    // The actor is the whole actor or its e-mail. An OR of the two indexes cannot be read in seq
    // order (PostgreSQL would fetch and sort every row of a busy actor), so each is read in order
    // on its own, up to the limit, and the two merged. They never both match one row: lower(actor)
    // holds the '<' '>' around the e-mail that actor_email lacks.
    String actor = q.actor().toLowerCase(Locale.ROOT);
    List<Object> all = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select ").append(Rows.COLUMNS).append(" from (");
    String[] columns = {"lower(actor) = ?", "actor_email = ?"};
    for (int i = 0; i < columns.length; i++) {
      List<String> branch = new ArrayList<>(where);
      branch.add(0, columns[i]);
      sql.append(i == 0 ? "(" : " union all (").append(select(branch)).append(order).append(limit);
      sql.append(")");
      all.add(actor);
      all.addAll(params);
      if (q.limit() > 0) {
        all.add(q.limit());
      }
    }
    sql.append(") by_actor").append(order).append(limit);
    if (q.limit() > 0) {
      all.add(q.limit());
    }
    return new QuerySql(sql.toString(), all);
  }

  private static StringBuilder select(List<String> where) {
    StringBuilder sql = new StringBuilder("select ").append(Rows.COLUMNS).append(" from audit_log");
    if (!where.isEmpty()) {
      sql.append(" where ").append(String.join(" and ", where));
    }
    return sql;
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
