package io.flotilla.auditor.api;

import io.flotilla.auditor.db.AuditLog;
import io.flotilla.auditor.db.AuditQuery;
import io.flotilla.auditor.domain.Verification;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/audit}: the audit log, read-only. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AuditLog log;

  AuditResource(AuditLog log) {
    this.log = log;
  }

  /** Entries matching every given filter, newest first. */
  @GET
  public Uni<List<AuditEntryView>> search(
      @QueryParam("app") String app,
      @QueryParam("cluster") String cluster,
      @QueryParam("revision") String revision,
      @QueryParam("type") String type,
      @QueryParam("actor") String actor,
      @QueryParam("limit") String limit) {
    AuditQuery query =
        new AuditQuery(
            blankToNull(app),
            blankToNull(cluster),
            blankToNull(revision),
            blankToNull(type),
            blankToNull(actor),
            limit(limit));
    return log.search(query).map(entries -> entries.stream().map(AuditEntryView::of).toList());
  }

  /** Recomputes the chain over every stored entry. */
  @GET
  @Path("verify")
  public Uni<Verification> verify() {
    return log.verifyChain();
  }

  @GET
  @Path("{eventId}")
  public Uni<AuditEntryView> one(@PathParam("eventId") String eventId) {
    return log.findByEventId(eventId)
        .onItem()
        .ifNull()
        .failWith(() -> ApiException.notFound("no audit entry for event id '" + eventId + "'"))
        .map(AuditEntryView::of);
  }

  static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw badLimit(value);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw badLimit(value);
    }
    return limit;
  }

  private static ApiException badLimit(String value) {
    return ApiException.badRequest(
        "limit must be an integer between 1 and " + MAX_LIMIT + ", got '" + value + "'");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
