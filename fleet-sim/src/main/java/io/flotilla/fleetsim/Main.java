package io.flotilla.fleetsim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The fleet-sim process: {@code java -jar fleet-sim.jar --clusters N --out DIR [--latency-ms L]
 * [--stats-port 8090] [--status-delay-ms 200]}.
 *
 * <p>On start it prints one line per cluster ({@code sim-1 http://127.0.0.1:PORT
 * DIR/sim-1.kubeconfig}), writes {@code DIR/fleet-sim.ready} holding its pid, and prints {@code
 * fleet-sim ready: N clusters, stats at http://127.0.0.1:PORT/stats}; scripts wait for that line or
 * that file. It runs until SIGTERM or SIGINT, then stops the servers and deletes only the ready
 * file. Bad arguments exit with code 2, a failed start with code 1.
 */
public final class Main {
  static final String READY_FILE = "fleet-sim.ready";

  static {
    // Before any logger exists: the simple binding reads these once. -D on the command line wins.
    defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    defaultProperty("org.slf4j.simpleLogger.log.io.flotilla", "info");
    defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
    defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  }

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    MainArgs parsed = parseOrExplain(args, System.err);
    if (parsed == null) {
      System.exit(2);
      return;
    }
    if (parsed.help()) {
      System.out.print(MainArgs.USAGE);
      return;
    }
    FleetSim fleet;
    Path ready = parsed.options().outDir().resolve(READY_FILE).toAbsolutePath();
    try {
      fleet = FleetSim.start(parsed.options());
    } catch (RuntimeException e) {
      System.err.println("fleet-sim: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> shutdown(fleet, ready), "fleet-sim-shutdown"));
    try {
      AtomicFiles.write(ready, ProcessHandle.current().pid() + "\n");
    } catch (IOException e) {
      System.err.println("fleet-sim: cannot write " + ready + ": " + e);
      System.exit(1); // the shutdown hook stops the servers
      return;
    }
    printReady(fleet, System.out);
    new CountDownLatch(1).await(); // until a signal runs the shutdown hook
  }

  /**
   * The parsed arguments, or {@code null} after explaining on {@code err} what is wrong (the caller
   * then exits with code 2).
   */
  static MainArgs parseOrExplain(String[] args, PrintStream err) {
    try {
      return MainArgs.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("fleet-sim: " + e.getMessage());
      err.print(MainArgs.USAGE);
      err.flush();
      return null;
    }
  }

  /** The lines scripts read: one per cluster, then the ready line. */
  static void printReady(FleetSim fleet, PrintStream out) {
    for (SimCluster c : fleet.clusters()) {
      out.println(c.name() + " " + c.url() + " " + c.kubeconfig());
    }
    String stats =
        fleet.statsPort() < 0
            ? "no stats server"
            : "stats at http://" + Loopback.HOST + ":" + fleet.statsPort() + StatsServer.STATS;
    out.println("fleet-sim ready: " + fleet.clusters().size() + " clusters, " + stats);
    out.flush();
  }

  private static void shutdown(FleetSim fleet, Path ready) {
    try {
      Files.deleteIfExists(ready);
    } catch (IOException e) {
      System.err.println("fleet-sim: could not delete " + ready + ": " + e);
    }
    fleet.close();
    System.err.println("fleet-sim stopped");
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
