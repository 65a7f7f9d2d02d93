package io.flotilla.cli;

import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.commands.AppsCommand;
import io.flotilla.cli.commands.AuditCommand;
import io.flotilla.cli.commands.DiffCommand;
import io.flotilla.cli.commands.HistoryCommand;
import io.flotilla.cli.commands.PauseCommand;
import io.flotilla.cli.commands.ResumeCommand;
import io.flotilla.cli.commands.RollbackCommand;
import io.flotilla.cli.commands.StatusCommand;
import io.flotilla.cli.commands.SyncCommand;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command: global options and what every subcommand shares. */
@Command(
    name = "flotilla",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Flotilla's command line: see and steer what Flotilla deploys to your clusters.",
    subcommands = {
      AppsCommand.class,
      StatusCommand.class,
      SyncCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      RollbackCommand.class,
      HistoryCommand.class,
      AuditCommand.class,
      DiffCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla apps                                every app on every cluster",
      "  flotilla sync guestbook --wait               sync and wait until it converged",
      "  flotilla pause --all --reason \"incident 42\"  stop every deployment now",
      "  flotilla audit --app guestbook --since 2h    what happened lately",
      "  source <(flotilla generate-completion)       shell completion (bash, zsh)",
      "",
      "Connection (flag, else env, else ~/.config/flotilla/config.yaml key):",
      "  --server        FLOTILLA_SERVER        server       applier, default :8083",
      "  --audit-server  FLOTILLA_AUDIT_SERVER  auditServer  auditor, default :8084",
      "  --token         FLOTILLA_TOKEN         token        or tokenFile",
      "",
      "Exit codes: 0 done, 1 not converged / changes found / chain broken,",
      "2 bad usage, 3 server unreachable or failing, 4 missing or refused token,",
      "5 --wait timed out."
    })
public final class Flotilla {
  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "the applier's URL (env FLOTILLA_SERVER; default " + Settings.DEFAULT_SERVER + ")")
  String server;

  @Option(
      names = "--audit-server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "the auditor's URL (env FLOTILLA_AUDIT_SERVER; default "
              + Settings.DEFAULT_AUDIT_SERVER
              + ")")
  String auditServer;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "API token (env FLOTILLA_TOKEN); prefer the env or --token-file over the flag")
  String token;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "read the token from an API tokens file (its first `<token> <identity>` line)")
  String tokenFile;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "config file (env FLOTILLA_CONFIG; default ~/.config/flotilla/config.yaml)")
  String config;

  @Option(
      names = "--request-timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "how long one HTTP request may take (default ${DEFAULT-VALUE})")
  Duration requestTimeout;

  final Map<String, String> env;
  final PrintWriter out;
  final PrintWriter err;
  final Clock clock;
  private ApiClient client;

  Flotilla(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public Clock clock() {
    return clock;
  }

  public Map<String, String> env() {
    return env;
  }

  public Settings settings() {
    return Settings.resolve(new Settings.Flags(server, auditServer, token, tokenFile, config), env);
  }

  public synchronized ApiClient client() {
    if (client == null) {
      client = new ApiClient(settings(), requestTimeout);
    }
    return client;
  }

  /** Waits between polls; interrupted waits end the command. */
  public void sleep(Duration d) {
    out.flush();
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNAVAILABLE, "interrupted");
    }
  }
}
