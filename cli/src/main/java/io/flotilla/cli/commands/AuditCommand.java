package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.output.Formats;
import io.flotilla.cli.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Search the audit log: who changed what, why, and where. Newest first.",
    subcommands = AuditVerifyCommand.class,
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla audit --app guestbook --since 2h",
      "  flotilla audit --actor alice --type io.flotilla.pause -o json",
      "  flotilla audit --since 7d --all -o ndjson > audit.ndjson",
      "  flotilla audit verify                       check the hash chain"
    })
public final class AuditCommand extends BaseCommand {
  @Option(names = "--app", paramLabel = "APP")
  String app;

  @Option(names = "--cluster", paramLabel = "CLUSTER")
  String cluster;

  @Option(names = "--revision", paramLabel = "SHA")
  String revision;

  @Option(
      names = "--actor",
      paramLabel = "WHO",
      description = "who did it (token identity, commit author)")
  String actor;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "event type or a prefix of it, e.g. io.flotilla.pause or io.flotilla.sync.completed")
  String type;

  @Option(names = "--since", paramLabel = "TIME", description = "2h, 7d, or ISO-8601")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "2h, 7d, or ISO-8601")
  String until;

  @Option(
      names = {"-q", "--query"},
      paramLabel = "TEXT",
      description = "text in the message or event")
  String text;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "entries per page (default ${DEFAULT-VALUE}, at most 1000)")
  int limit;

  @Option(names = "--all", description = "every matching entry, page after page")
  boolean all;

  @Option(names = "--asc", description = "oldest first")
  boolean ascending;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or ndjson (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    if (output == Output.yaml) {
      throw usage("audit prints table, json or ndjson");
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("app", app);
    query.put("cluster", cluster);
    query.put("revision", revision);
    query.put("actor", actor);
    query.put("type", type);
    query.put("since", since);
    query.put("until", until);
    query.put("q", text);
    query.put("limit", String.valueOf(limit));
    query.put("order", ascending ? "asc" : "desc");
    List<JsonNode> entries = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      cursor.ifPresent(c -> query.put("cursor", c));
      ApiClient.Response page = client().getPage(Service.AUDITOR, "/api/v1/audit", query);
      if (output == Output.ndjson) {
        page.body().forEach(e -> out().println(Formats.compactJson(e)));
      } else {
        page.body().forEach(entries::add);
      }
      cursor = page.nextCursor();
    } while (all && cursor.isPresent());
    switch (output) {
      case json -> out().print(Formats.json(entries));
      case table -> {
        out().print(table(entries));
        if (cursor.isPresent()) {
          out().println("(more entries: --all, or narrow with --since/--app)");
        }
      }
      default -> {}
    }
    return 0;
  }

  static String table(List<JsonNode> entries) {
    if (entries.isEmpty()) {
      return "no audit entries match\n";
    }
    Table t = new Table("SEQ", "TIME", "TYPE", "APP", "CLUSTER", "REVISION", "ACTOR", "MESSAGE");
    for (JsonNode e : entries) {
      String type = Formats.text(e, "type");
      t.row(
          Formats.text(e, "seq"),
          Formats.text(e, "time"),
          type == null ? null : type.replaceFirst("^io\\.flotilla\\.", ""),
          Formats.text(e, "app"),
          Formats.text(e, "cluster"),
          Formats.shortSha(Formats.text(e, "revision")),
          Formats.text(e, "actor"),
          Formats.cut(Formats.text(e, "message"), 60));
    }
    return t.render();
  }
}
