package io.flotilla.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code flotilla}: runs one command and exits with its code ({@link ExitCodes}). User errors print
 * one clear message; only an internal error, and only with {@code FLOTILLA_DEBUG=1}, prints a stack
 * trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, System.getenv(), out, err, Clock.systemUTC());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs {@code args} as the command line would, writing to {@code out} and {@code err}. */
  public static int run(
      String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
    CommandLine cli = commandLine(env, out, err, clock);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine(
      Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
    CommandLine cli = new CommandLine(new Flotilla(env, out, err, clock));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof CliException c) {
            err.println("error: " + c.getMessage());
            return c.exitCode();
          }
          err.println(
              "error: an internal error in flotilla: "
                  + e
                  + (env.containsKey("FLOTILLA_DEBUG")
                      ? ""
                      : "\n  (set FLOTILLA_DEBUG=1 for the stack trace, and please report it)"));
          if (env.containsKey("FLOTILLA_DEBUG")) {
            e.printStackTrace(err);
          }
          return 70;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine c = e.getCommandLine();
          err.println("error: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println(
              "Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
          return ExitCodes.USAGE;
        });
    return cli;
  }
}
