package io.flotilla.fleetsim;

import java.nio.file.Path;

/**
 * Command line of the fleet-sim process, parsed. {@link #parse} throws {@link
 * IllegalArgumentException} with a message that names the offending argument.
 */
record MainArgs(FleetSimOptions options, boolean help) {
  static final int DEFAULT_STATS_PORT = 8090;

  static final String USAGE =
      """
      Usage: java -jar fleet-sim.jar --clusters N --out DIR [--latency-ms L] \
      [--stats-port PORT] [--status-delay-ms D]
        --clusters N         simulated API servers sim-1..sim-N (1-%d)
        --out DIR            where sim-<i>.kubeconfig, fleet-sim.kubeconfig and fleet-sim.ready go
        --latency-ms L       delay added to every response (default 0)
        --stats-port PORT    stats on http://127.0.0.1:PORT/stats (default %d; 0 = any free
                             port, -1 = none)
        --status-delay-ms D  delay before a Deployment/StatefulSet reports its status (default %d)
        --help               this text
      Runs until SIGTERM or SIGINT.
      """
          .formatted(
              FleetSimOptions.MAX_CLUSTERS,
              DEFAULT_STATS_PORT,
              FleetSimOptions.DEFAULT_STATUS_DELAY_MS);

  static MainArgs parse(String... args) {
    Integer clusters = null;
    Path out = null;
    long latencyMs = 0;
    long statusDelayMs = FleetSimOptions.DEFAULT_STATUS_DELAY_MS;
    int statsPort = DEFAULT_STATS_PORT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new MainArgs(null, true);
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        value = null;
      }
      switch (name) {
        case "--clusters" -> clusters = (int) number(name, value, 1, FleetSimOptions.MAX_CLUSTERS);
        case "--out" -> out = Path.of(required(name, value));
        case "--latency-ms" -> latencyMs = number(name, value, 0, Long.MAX_VALUE);
        case "--status-delay-ms" -> statusDelayMs = number(name, value, 0, Long.MAX_VALUE);
        case "--stats-port" -> statsPort = (int) number(name, value, -1, 65_535);
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    if (clusters == null) {
      throw new IllegalArgumentException("--clusters is required");
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is required");
    }
    return new MainArgs(
        new FleetSimOptions(clusters, out, latencyMs, statusDelayMs, statsPort), false);
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return value;
  }

  private static long number(String name, String value, long min, long max) {
    String text = required(name, value);
    long n;
    try {
      n = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'", e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }
}
