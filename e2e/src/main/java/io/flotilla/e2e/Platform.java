package io.flotilla.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running local platform, started and stopped through {@code deploy/local/platform.sh} — the same
 * script {@code make up} uses — with its settings passed as environment variables.
 */
public final class Platform implements AutoCloseable {
  private final Path repoRoot;
  private final Map<String, String> env;
  private final PrintStream out;

  private Platform(Path repoRoot, Map<String, String> env, PrintStream out) {
    this.repoRoot = repoRoot;
    this.env = Map.copyOf(env);
    this.out = out;
  }

  /** Starts the platform and returns once every service is ready; output goes to {@code out}. */
  public static Platform up(Path repoRoot, Map<String, String> env, PrintStream out) {
    Platform platform = new Platform(repoRoot, env, out);
    try {
      platform.run("up");
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return platform;
  }

  /**
   * The HTTP ports of one test platform, {@code base + 1 … base + 4} for git-watcher, renderer,
   * applier and auditor and {@code base + 10} for fleet-sim's stats, so several end-to-end tests
   * can each own a block (18080, 18180, …) and never meet.
   */
  public static Map<String, String> ports(int base) {
    Map<String, String> ports = new LinkedHashMap<>();
    ports.put("FLOTILLA_WATCHER_PORT", String.valueOf(base + 1));
    ports.put("FLOTILLA_RENDERER_PORT", String.valueOf(base + 2));
    ports.put("FLOTILLA_APPLIER_PORT", String.valueOf(base + 3));
    ports.put("FLOTILLA_AUDITOR_PORT", String.valueOf(base + 4));
    ports.put("FLOTILLA_SIM_STATS_PORT", String.valueOf(base + 10));
    return ports;
  }

  public String env(String name, String fallback) {
    return env.getOrDefault(name, fallback);
  }

  public String applierUrl() {
    return applierUrl(1);
  }

  /** Applier instance {@code instance} (1-based), as {@code FLOTILLA_APPLIER_INSTANCES} runs it. */
  public String applierUrl(int instance) {
    int port = Integer.parseInt(env("FLOTILLA_APPLIER_PORT", "8083")) + 10 * (instance - 1);
    return "http://127.0.0.1:" + port;
  }

  public String auditorUrl() {
    return "http://127.0.0.1:" + env("FLOTILLA_AUDITOR_PORT", "8084");
  }

  public String simStatsUrl() {
    return "http://127.0.0.1:" + env("FLOTILLA_SIM_STATS_PORT", "8090") + "/stats";
  }

  public Path credentialsDir() {
    return Path.of(env.get("FLOTILLA_CREDENTIALS_DIR"));
  }

  /**
   * The first token of the API tokens file {@code make up} creates (or {@code
   * FLOTILLA_API_TOKENS}): what the audit and control APIs want as {@code Authorization: Bearer
   * <token>}.
   */
  public String apiToken() {
    Path file =
        Path.of(
            env.getOrDefault(
                "FLOTILLA_API_TOKENS", credentialsDir().resolve("api-tokens").toString()));
    try {
      return java.nio.file.Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(l -> l.split("\\s+")[0])
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no token in " + file));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the API tokens file " + file, e);
    }
  }

  public Path logDir() {
    return Path.of(env.get("FLOTILLA_PLATFORM_DIR"), "logs");
  }

  /**
   * Stops one component ({@code git-watcher, renderer, applier, applier-<i>, auditor, fleet-sim,
   * kafka, postgres}): SIGTERM, or SIGKILL at once when {@code kill} (a crash).
   */
  public void stop(String service, boolean kill) {
    if (kill) {
      run("stop", service, "--kill");
    } else {
      run("stop", service);
    }
  }

  /** Starts one stopped component again and returns once it is ready. */
  public void start(String service) {
    run("start", service);
  }

  /** The pid of a running component. */
  public long pid(String service) {
    String last = run("pid", service);
    return Long.parseLong(last.strip());
  }

  @Override
  public void close() {
    run("down");
  }

  /** Runs platform.sh with {@code args}, echoing its output; returns its last line. */
  private String run(String... args) {
    Path script = repoRoot.resolve("deploy/local/platform.sh");
    String command = String.join(" ", args);
    List<String> argv = new ArrayList<>();
    argv.add("bash");
    argv.add(script.toString());
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    Map<String, String> processEnv = new LinkedHashMap<>(pb.environment());
    processEnv.putAll(env);
    pb.environment().putAll(processEnv);
    try {
      Process process = pb.start();
      String last = "";
      try (var lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          out.println("   " + line);
          last = line;
        }
      }
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "platform.sh " + command + " failed with exit code " + exit + " (see output above)");
      }
      return last;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running platform.sh " + command, e);
    }
  }
}
