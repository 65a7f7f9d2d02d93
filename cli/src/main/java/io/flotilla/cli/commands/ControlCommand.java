package io.flotilla.cli.commands;

import io.flotilla.cli.DurationConverter;
import io.flotilla.cli.domain.ControlScope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pause and resume: the same scope, reason and acknowledgement wait. */
abstract class ControlCommand extends BaseCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "the application")
  String app;

  @Option(names = "--cluster", paramLabel = "CLUSTER", description = "every app on this cluster")
  String cluster;

  @Option(names = "--all", description = "every app on every cluster")
  boolean all;

  @Option(names = "--reason", required = true, description = "why; recorded in the audit log")
  String reason;

  @Option(names = "--no-wait", description = "do not wait for the applier to show it")
  boolean noWait;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "how long to wait for the applier to show it (default ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(
      names = "--interval",
      defaultValue = "500ms",
      converter = DurationConverter.class,
      description = "how often to poll while waiting (default ${DEFAULT-VALUE})")
  Duration interval;

  abstract boolean pausing();

  @Override
  public Integer call() {
    String name = pausing() ? "pause" : "resume";
    if (all && (app != null || cluster != null)) {
      throw usage("--all covers everything: give it without APP and --cluster");
    }
    if (!all && app == null && cluster == null) {
      throw usage(name + " needs a scope: APP, --cluster CLUSTER, APP --cluster CLUSTER, or --all");
    }
    if (reason.isBlank()) {
      throw usage("--reason must say why; it goes to the audit log");
    }
    ControlScope scope = new ControlScope(app, cluster, all);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app", app);
    body.put("cluster", cluster);
    body.put("all", all);
    body.put("reason", reason);
    Requests.control(root(), name, body, name + " of " + scope.describe());
    if (noWait) {
      return 0;
    }
    return Waits.acknowledged(root(), scope, pausing(), timeout, interval);
  }
}
