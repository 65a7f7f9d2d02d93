package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user sees when something is wrong: one message, what to check, an exit code. */
class ErrorsTest {
  @TempDir Path tmp;

  @Test
  void aServerThatIsDownShouldBeNamedWithWhatToCheckAndExit3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli.Result r = Cli.run(Map.of("FLOTILLA_SERVER", "http://127.0.0.1:" + port), "apps");
    assertThat(r.exit()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.err())
        .startsWith("error: cannot reach the applier at http://127.0.0.1:" + port + " (")
        .contains("`make status`")
        .contains("The URL came from FLOTILLA_SERVER")
        .doesNotContain("Exception\n\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadConfigFileShouldBeNamedWithTheKeyAndExit2() throws Exception {
    Path config = tmp.resolve("c.yaml");
    Files.writeString(config, "servr: http://x\n");
    Cli.Result r = Cli.run(Map.of("FLOTILLA_CONFIG", config.toString()), "apps");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "error: config file "
                + config
                + ": unknown key 'servr'; known keys are server, auditServer, token, tokenFile\n");
  }

  @Test
  void aServerUrlThatIsNotOneShouldExit2() {
    Cli.Result r = Cli.run(Map.of(), "apps", "--server", "127.0.0.1:8083");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'127.0.0.1:8083' (from --server) is not an http(s) URL");
  }

  @Test
  void badArgumentsShouldExit2WithTheMessageAndWhereToLook() {
    Cli.Result unknown = Cli.run(Map.of(), "apps", "--wach");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err())
        .startsWith("error: Unknown option: '--wach'")
        .contains("--watch")
        .endsWith("Run 'flotilla apps --help' for usage and examples.\n");

    Cli.Result duration = Cli.run(Map.of(), "sync", "guestbook", "--timeout", "5 minutes");
    assertThat(duration.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(duration.err())
        .contains("'5 minutes' is not a duration; use e.g. 500ms, 30s, 5m or 1h");

    Cli.Result output = Cli.run(Map.of(), "apps", "-o", "xml");
    assertThat(output.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(output.err()).contains("Invalid value for option '--output'");

    Cli.Result command = Cli.run(Map.of(), "aps");
    assertThat(command.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(command.err()).contains("apps");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apps",
        "status",
        "sync",
        "pause",
        "resume",
        "rollback",
        "history",
        "audit",
        "audit verify",
        "diff"
      })
  void everyCommandShouldHaveHelpWithExamples(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Cli.Result r = Cli.run(Map.of(), args.toArray(String[]::new));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: flotilla " + command).contains("Examples:");
  }

  @Test
  void completionShouldPrintABashScriptForEveryCommand() {
    Cli.Result r = Cli.run(Map.of(), "generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F").contains("rollback").contains("--audit-server");
  }
}
