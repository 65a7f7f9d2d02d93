package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.output.Formats;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Recompute the audit log's hash chain. Exit 0 when intact, 1 when a row was altered,"
            + " naming the first broken row.",
    footerHeading = "%nExamples:%n",
    footer = {"  flotilla audit verify", "  flotilla audit verify --from 1000 --to 2000 -o json"})
public final class AuditVerifyCommand extends BaseCommand {
  @Option(names = "--from", paramLabel = "SEQ", description = "first row (default: the first)")
  Long from;

  @Option(names = "--to", paramLabel = "SEQ", description = "last row (default: the last)")
  Long to;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table (text) or json (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("from", from == null ? null : from.toString());
    query.put("to", to == null ? null : to.toString());
    JsonNode v = client().get(Service.AUDITOR, "/api/v1/audit/verify", query);
    boolean verified = v.path("verified").asBoolean(false);
    if (output == Output.json) {
      out().print(Formats.json(v));
    } else if (verified) {
      out().printf("audit chain verified: %s entries intact%n", v.path("entries").asText("?"));
    } else {
      JsonNode broken = v.get("firstBroken");
      out()
          .printf(
              "audit chain BROKEN at seq %s: expected %s, found %s (%s entries checked)%n",
              Formats.text(broken, "seq"),
              Formats.text(broken, "expected"),
              Formats.text(broken, "actual"),
              v.path("entries").asText("?"));
    }
    return verified ? ExitCodes.OK : ExitCodes.NEGATIVE;
  }
}
