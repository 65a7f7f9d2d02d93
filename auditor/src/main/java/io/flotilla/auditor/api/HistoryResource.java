package io.flotilla.auditor.api;

import io.flotilla.auditor.db.HistoryReader;
import io.flotilla.auditor.domain.Deployment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/history/{app}?cluster=&since=&until=&limit=}: what was deployed where, by
 * whom, why, and with what outcome, newest first. "What ran in prod-eu-1 at 14:05?" is {@code
 * ?cluster=prod-eu-1&until=<14:05>&limit=1}.
 */
@Path("/api/v1/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {
  private final HistoryReader reader;

  HistoryResource(HistoryReader reader) {
    this.reader = reader;
  }

  /**
   * The history.
   *
   * @param entries newest first
   */
  public record History(String app, String cluster, List<Deployment> entries) {}

  @GET
  @Path("{app}")
  public History history(@PathParam("app") String app, @Context UriInfo uri) throws SQLException {
    QueryParams params =
        new QueryParams(uri.getQueryParameters(), Set.of("cluster", "since", "until", "limit"));
    Instant now = Instant.now();
    Instant since = params.instant("since", now);
    Instant until = params.instant("until", now);
    int limit = (int) params.number("limit", 1, QueryParams.MAX_LIMIT, QueryParams.DEFAULT_LIMIT);
    String cluster = params.text("cluster");
    return new History(app, cluster, reader.history(app, cluster, since, until, limit));
  }
}
