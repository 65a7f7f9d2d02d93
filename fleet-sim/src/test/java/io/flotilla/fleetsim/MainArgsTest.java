package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainArgsTest {

  @Test
  void shouldParseAllArgumentsInBothSpellings() {
    FleetSimOptions options =
        MainArgs.parse(
                "--clusters",
                "3",
                "--out=/tmp/x",
                "--latency-ms",
                "5",
                "--stats-port=-1",
                "--status-delay-ms",
                "50")
            .options();

    assertThat(options).isEqualTo(new FleetSimOptions(3, Path.of("/tmp/x"), 5, 50, -1));
  }

  @Test
  void shouldDefaultToStatsOnPort8090() {
    FleetSimOptions options = MainArgs.parse("--clusters", "1", "--out", "d").options();

    assertThat(options.statsPort()).isEqualTo(8090);
    assertThat(options.statusDelayMs()).isEqualTo(200);
    assertThat(options.latencyMs()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--out d                          | --clusters is required",
        "--clusters 2                     | --out is required",
        "--clusters two --out d           | --clusters must be a whole number, was 'two'",
        "--clusters 0 --out d             | --clusters must be between 1 and 500, was 0",
        "--clusters 1 --out d --latency-ms | --latency-ms needs a value",
        "--clusters 1 --out d --stats-port 99999 | --stats-port must be between -1 and 65535",
        "--clusters 1 --out d --verbose   | unknown argument --verbose",
      })
  void shouldNameTheBadArgument(String args, String message) {
    assertThatThrownBy(() -> MainArgs.parse(args.trim().split("\\s+")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void shouldExplainBadArgumentsWithUsageOnStderr() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    MainArgs parsed =
        Main.parseOrExplain(
            new String[] {"--clusters", "x"}, new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(parsed).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("fleet-sim: --clusters must be a whole number")
        .contains("Usage: java -jar fleet-sim.jar --clusters N --out DIR");
  }
}
