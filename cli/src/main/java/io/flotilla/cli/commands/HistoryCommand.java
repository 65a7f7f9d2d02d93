package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.output.Formats;
import io.flotilla.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "What was deployed where, by whom, why and with what outcome, newest first (from the"
            + " audit log).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla history guestbook",
      "  flotilla history guestbook --cluster prod-eu-1 --until 2026-11-26T14:05:00Z --limit 1",
      "  flotilla history guestbook --since 7d -o json"
    })
public final class HistoryCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "the application")
  String app;

  @Option(names = "--cluster", paramLabel = "CLUSTER", description = "only this cluster")
  String cluster;

  @Option(names = "--since", paramLabel = "TIME", description = "2h, 7d, or ISO-8601")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "2h, 7d, or ISO-8601")
  String until;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "at most (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("cluster", cluster);
    query.put("since", since);
    query.put("until", until);
    query.put("limit", String.valueOf(limit));
    JsonNode body =
        client().get(Service.AUDITOR, "/api/v1/history/" + ApiClient.segment(app), query);
    switch (output) {
      case json -> out().print(Formats.json(body));
      case yaml -> out().print(Formats.yaml(body));
      case table -> out().print(table(body));
      default -> throw usage("history prints table, json or yaml");
    }
    return 0;
  }

  static String table(JsonNode body) {
    JsonNode entries = body.get("entries");
    if (entries == null || entries.isEmpty()) {
      return "no deployments of " + Formats.text(body, "app") + " recorded\n";
    }
    Table t = new Table("TIME", "KIND", "CLUSTER", "REVISION", "OUTCOME", "BY", "MESSAGE");
    for (JsonNode e : entries) {
      String kind = Formats.text(e, "kind");
      String revision =
          "rollback".equals(kind) && Formats.text(e, "rollbackTo") != null
              ? Formats.text(e, "rollbackTo")
              : Formats.text(e, "revision");
      t.row(
          Formats.text(e, "time"),
          kind,
          Formats.text(e, "cluster") == null ? "(all)" : Formats.text(e, "cluster"),
          Formats.shortSha(revision),
          Formats.text(e, "outcome"),
          Formats.text(e, "author"),
          Formats.cut(Formats.text(e, "message"), 60));
    }
    return t.render();
  }
}
