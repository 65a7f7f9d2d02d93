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
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
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
    if (q.actor() != null) {
      String actor = q.actor().toLowerCase(Locale.ROOT);
      where.add("(lower(actor) = ? or actor_email = ?)");
      params.add(actor);
      params.add(actor);
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
    StringBuilder sql = new StringBuilder("select ").append(Rows.COLUMNS).append(" from audit_log");
    if (!where.isEmpty()) {
      sql.append(" where ").append(String.join(" and ", where));
    }
    sql.append(" order by seq ").append(q.ascending() ? "asc" : "desc");
    if (q.limit() > 0) {
      sql.append(" limit ?");
      params.add(q.limit());
    }
    return new QuerySql(sql.toString(), params);
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
