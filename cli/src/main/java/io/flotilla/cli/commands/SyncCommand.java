package io.flotilla.cli.commands;

import io.flotilla.cli.domain.ClusterView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description =
        "Re-apply an app's desired state now, on every cluster it targets or on one. With --wait,"
            + " show progress and exit 0 only when every cluster converged.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla sync guestbook",
      "  flotilla sync guestbook --cluster prod-eu-1 --prune --wait",
      "  flotilla sync guestbook --wait --timeout 10m || echo \"did not converge\""
    })
public final class SyncCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "the application")
  String app;

  @Option(names = "--cluster", paramLabel = "CLUSTER", description = "only this cluster")
  String cluster;

  @Option(names = "--prune", description = "also delete objects the app no longer declares")
  boolean prune;

  @Option(names = "--force", description = "take over fields other managers own (SSA force)")
  boolean force;

  @Option(
      names = "--reason",
      defaultValue = "sync requested from the flotilla CLI",
      description = "why; recorded in the audit log (default: \"${DEFAULT-VALUE}\")")
  String reason;

  @Option(names = "--wait", description = "wait until every cluster converged or failed")
  boolean waitFor;

  @picocli.CommandLine.Mixin ConvergeOptions waiting = new ConvergeOptions();

  @Override
  public Integer call() {
    List<ClusterView> before = waitFor ? Waits.clustersOf(root(), app, cluster) : List.of();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app", app);
    body.put("cluster", cluster);
    body.put("prune", prune);
    body.put("force", force);
    body.put("reason", reason);
    Requests.control(
        root(), "sync", body, "sync of " + app + (cluster == null ? "" : " on " + cluster));
    if (!waitFor) {
      return 0;
    }
    return Waits.converge(root(), app, cluster, before, null, waiting.timeout, waiting.interval);
  }
}
