package io.flotilla.auditor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.auditor.db.AuditReader;
import io.flotilla.auditor.domain.AuditQuery;
import io.flotilla.auditor.domain.AuditRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/audit/export}: every entry matching the search filters, streamed from a
 * database cursor straight to the response, one line per entry — NDJSON (the entries of {@code GET
 * /api/v1/audit}) or, with {@code format=csv}, CSV. Nothing collects the rows: memory stays flat
 * however many match. {@code limit} is optional here (no default, no maximum).
 */
@Path("/api/v1/audit/export")
public class ExportResource {
  static final String NDJSON = "application/x-ndjson";
  static final String CSV = "text/csv";
  private static final Logger LOG = Logger.getLogger(ExportResource.class);
  private static final Set<String> PARAMS = new HashSet<>(QueryParams.FILTERS);

  static {
    PARAMS.add("format");
  }

  private final AuditReader reader;
  private final ObjectMapper json;

  ExportResource(AuditReader reader, ObjectMapper json) {
    this.reader = reader;
    this.json = json;
  }

  @GET
  public Response export(@Context UriInfo uri) {
    QueryParams params = new QueryParams(uri.getQueryParameters(), PARAMS);
    String format = params.text("format") == null ? "ndjson" : params.text("format");
    if (!format.equals("ndjson") && !format.equals("csv")) {
      throw ApiException.badParameter(
          "format", "format must be 'ndjson' or 'csv', got '" + format + "'");
    }
    AuditQuery query = params.query(Instant.now(), 0, Integer.MAX_VALUE);
    boolean csv = format.equals("csv");
    StreamingOutput body =
        out -> {
          if (csv) {
            out.write(CsvLines.HEADER.getBytes(StandardCharsets.UTF_8));
          }
          try {
            long n = reader.stream(query, row -> write(row, csv, out));
            LOG.debugf("exported %d entries as %s", n, format);
          } catch (SQLException e) {
            // the status is sent already: all that can be done is to cut the response short
            LOG.error("export failed part way; the response is cut short", e);
            throw new IOException("export failed part way: " + e.getMessage(), e);
          }
        };
    return Response.ok(body, csv ? CSV + "; charset=UTF-8" : NDJSON)
        .header(
            "Content-Disposition",
            "attachment; filename=\"audit." + (csv ? "csv" : "ndjson") + "\"")
        .build();
  }

  private void write(AuditRow row, boolean csv, OutputStream out) throws IOException {
    if (csv) {
      out.write(CsvLines.line(row).getBytes(StandardCharsets.UTF_8));
    } else {
      out.write(json.writeValueAsBytes(AuditEntryView.of(row)));
      out.write('\n');
    }
  }
}
