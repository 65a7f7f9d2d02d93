package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.domain.ClusterView;
import io.flotilla.cli.output.Formats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Go back to a revision deployed before and suspend automated sync of the app (on one"
            + " cluster or all) until `flotilla resume`. A short SHA is looked up in the app's"
            + " history.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla history guestbook                  find the revision",
      "  flotilla rollback guestbook --to 9fceb02 --reason \"1.5 breaks checkout\" --wait",
      "  flotilla rollback guestbook --to 9fceb02 --cluster prod-eu-1 --reason \"canary failed\""
    })
public final class RollbackCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "the application")
  String app;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "REVISION",
      description = "the commit to go back to (full SHA, or a prefix found in the history)")
  String to;

  @Option(names = "--cluster", paramLabel = "CLUSTER", description = "only this cluster")
  String cluster;

  @Option(names = "--reason", required = true, description = "why; recorded in the audit log")
  String reason;

  @Option(names = "--wait", description = "wait until every cluster runs that revision")
  boolean waitFor;

  @picocli.CommandLine.Mixin ConvergeOptions waiting = new ConvergeOptions();

  @Override
  public Integer call() {
    if (reason.isBlank()) {
      throw usage("--reason must say why; it goes to the audit log");
    }
    String revision = resolve(to.strip().toLowerCase(java.util.Locale.ROOT));
    List<ClusterView> before = waitFor ? Waits.clustersOf(root(), app, cluster) : List.of();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app", app);
    body.put("cluster", cluster);
    body.put("toRevision", revision);
    body.put("reason", reason);
    Requests.control(
        root(),
        "rollback",
        body,
        "rollback of "
            + app
            + (cluster == null ? "" : " on " + cluster)
            + " to "
            + Formats.shortSha(revision));
    root().out().println("automated sync is suspended until `flotilla resume " + app + "`");
    if (!waitFor) {
      return 0;
    }
    return Waits.converge(
        root(), app, cluster, before, revision, waiting.timeout, waiting.interval);
  }

  private String resolve(String rev) {
    if (rev.matches("[0-9a-f]{40}")) {
      return rev;
    }
    if (!rev.matches("[0-9a-f]{4,39}")) {
      throw usage("--to must be a commit SHA (at least 4 hex characters), was '" + to + "'");
    }
    JsonNode history =
        client()
            .get(
                Service.AUDITOR,
                "/api/v1/history/" + ApiClient.segment(app),
                Map.of("limit", "1000"));
    TreeSet<String> matches = new TreeSet<>();
    JsonNode entries = history.get("entries");
    if (entries != null) {
      for (JsonNode e : entries) {
        for (String field : List.of("revision", "rollbackTo")) {
          String r = Formats.text(e, field);
          if (r != null && r.startsWith(rev)) {
            matches.add(r);
          }
        }
      }
    }
    if (matches.size() == 1) {
      return matches.first();
    }
    if (matches.isEmpty()) {
      throw usage(
          "no revision starting with "
              + rev
              + " in the history of "
              + app
              + "; see `flotilla history "
              + app
              + "` or give the full SHA");
    }
    throw usage(rev + " is ambiguous in the history of " + app + ": " + String.join(", ", matches));
  }
}
