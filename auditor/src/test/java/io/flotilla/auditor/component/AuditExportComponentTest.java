package io.flotilla.auditor.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestDb;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.db.AuditWriter;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The export streams from a database cursor: 100,000 rows, never all of them at once. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditExportComponentTest {
  private static final int ROWS = 100_000;
  private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");

  @Inject AuditWriter writer;

  @TestHTTPResource("/api/v1/audit/export")
  URL export;

  /**
   * {@code n} rows of one new app, appended 1,000 a transaction. Built directly (not through the
   * parser) so the test spends its time on the export, not on making JSON.
   */
  private String storeRows(int n) throws Exception {
    String app = "export-" + UUID.randomUUID();
    String sha = TestEvents.sha();
    List<AuditRecord> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      batch.add(
          new AuditRecord(
              id,
              "io.flotilla.commit.detected.v1",
              Topics.COMMITS,
              app,
              null,
              sha,
              "Alice Example <alice@example.com>",
              "commit, \"quoted\"\nsecond line " + i,
              TestEvents.T0,
              "{\"data\":{\"n\":" + i + "},\"id\":\"" + id + "\"}",
              null));
      if (batch.size() == 1000 || i == n - 1) {
        writer.append(batch);
        batch.clear();
      }
    }
    return app;
  }

  private InputStream get(String query) throws Exception {
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(export + "?" + query))
                    .header(
                        "Authorization", "Bearer " + io.flotilla.auditor.AuthorizedRequests.TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The export's query, seen from the database while the client has not read everything. */
  private static int openExportCursors(String app) throws Exception {
    try (Connection c = TestDb.superuser();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from pg_stat_activity where application_name = 'flotilla-auditor'"
                    + " and state in ('active', 'idle in transaction')"
                    + " and query like 'select seq, event_id%from audit_log where app = $1%'")) {
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void shouldStreamAHundredThousandRowsFromAnOpenCursorWithoutDuplicatesOrGaps() throws Exception {
    String app = storeRows(ROWS);
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(get("app=" + app), StandardCharsets.UTF_8), 8192)) {
      long count = 0;
      long previous = Long.MAX_VALUE;
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher m = SEQ.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        long seq = Long.parseLong(m.group(1));
        assertThat(seq).as("newest first, each once").isLessThan(previous);
        if (previous != Long.MAX_VALUE) {
          // one app's rows were appended by one writer in a row: consecutive seqs
          assertThat(seq).isEqualTo(previous - 1);
        }
        previous = seq;
        count++;
        if (count == 10) {
          // 10 lines in, the server is still reading its cursor: nothing was collected first
          assertThat(openExportCursors(app)).isEqualTo(1);
        }
      }
      assertThat(count).isEqualTo(ROWS);
    }
  }

  @Test
  void shouldExportCsvWithAHeaderAndQuotedFields() throws Exception {
    String app = storeRows(3);
    try (InputStream in = get("app=" + app + "&format=csv&order=asc")) {
      // records end in CRLF; the commit messages inside hold bare LFs
      List<String> all =
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n"));
      assertThat(all).hasSize(4);
      assertThat(all.get(0)).startsWith("seq,eventId,type,topic,app,cluster,revision,actor,");
      assertThat(all.get(1))
          .contains(",io.flotilla.commit.detected.v1,flotilla.commits," + app + ",,")
          .contains("\"commit, \"\"quoted\"\"\nsecond line 0\"")
          .endsWith(
              ",\"{\"\"data\"\":{\"\"n\"\":0},\"\"id\"\":\"\""
                  + all.get(1).split(",")[1]
                  + "\"\"}\"");
    }
  }
}
