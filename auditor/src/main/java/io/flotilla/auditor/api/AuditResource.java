package io.flotilla.auditor.api;

import io.flotilla.auditor.db.AuditReader;
import io.flotilla.auditor.domain.AuditQuery;
import io.flotilla.auditor.domain.AuditRow;
import io.flotilla.auditor.domain.Verification;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/audit}: the audit log, read-only. Blocking JDBC, so every method runs on a worker
 * thread.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  /** The cursor of the next page; absent on the last page. */
  public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

  private final AuditReader reader;

  AuditResource(AuditReader reader) {
    this.reader = reader;
  }

  /**
   * Entries matching every given filter, newest first (or oldest first with {@code order=asc}), at
   * most {@code limit}. The body is a JSON array; when more entries match, the response carries
   * {@code X-Next-Cursor} and a {@code Link: <…>; rel="next"} header to fetch the next page.
   */
  @GET
  public Response search(@Context UriInfo uri) throws SQLException {
    QueryParams params = new QueryParams(uri.getQueryParameters(), QueryParams.FILTERS);
    AuditQuery query =
        params.query(Instant.now(), QueryParams.DEFAULT_LIMIT, QueryParams.MAX_LIMIT);
    // one more than asked tells whether there is a next page
    AuditQuery probe = withLimit(query, query.limit() + 1);
    List<AuditRow> rows = reader.search(probe);
    boolean more = rows.size() > query.limit();
    List<AuditRow> page = more ? rows.subList(0, query.limit()) : rows;
    Response.ResponseBuilder response = Response.ok(page.stream().map(AuditEntryView::of).toList());
    if (more) {
      String cursor = QueryParams.Cursor.encode(page.get(page.size() - 1).seq(), query.ascending());
      response
          .header(NEXT_CURSOR_HEADER, cursor)
          .link(uri.getRequestUriBuilder().replaceQueryParam("cursor", cursor).build(), "next");
    }
    return response.build();
  }

  /**
   * Recomputes the chain over {@code from <= seq <= to} (both optional): {@code {verified, entries,
   * firstBroken: {seq, expected, actual} | null}}.
   */
  @GET
  @Path("verify")
  public Verification verify(@Context UriInfo uri) throws SQLException, IOException {
    QueryParams params = new QueryParams(uri.getQueryParameters(), Set.of("from", "to"));
    Long from = params.text("from") == null ? null : params.number("from", 1, Long.MAX_VALUE, 1);
    Long to = params.text("to") == null ? null : params.number("to", 1, Long.MAX_VALUE, 1);
    if (from != null && to != null && from > to) {
      throw ApiException.badParameter("from", "from (" + from + ") is after to (" + to + ")");
    }
    return reader.verify(from, to);
  }

  /** One entry with the full stored event and, for a desired state, its manifest bundle. */
  @GET
  @Path("{eventId}")
  public AuditEntryView one(@PathParam("eventId") String eventId, @Context UriInfo uri)
      throws SQLException {
    new QueryParams(uri.getQueryParameters(), Set.of());
    AuditRow row =
        reader
            .findByEventId(eventId)
            .orElseThrow(
                () -> ApiException.notFound("no audit entry for event id '" + eventId + "'"));
    String bundle = row.bundleHash() == null ? null : reader.bundle(row.bundleHash()).orElse(null);
    return AuditEntryView.of(row, bundle);
  }

  static AuditQuery withLimit(AuditQuery q, int limit) {
    return new AuditQuery(
        q.app(),
        q.cluster(),
        q.revision(),
        q.actor(),
        q.typePrefix(),
        q.since(),
        q.until(),
        q.text(),
        q.after(),
        q.ascending(),
        limit);
  }
}
