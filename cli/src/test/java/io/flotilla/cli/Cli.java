package io.flotilla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process as a shell would, with a given environment. */
final class Cli {
  static final Instant NOW = Instant.parse("2026-11-26T10:20:00Z");

  record Result(int exit, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    return run(env, Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  static Result run(Map<String, String> env, Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> e = new HashMap<>(env);
    // never read the developer's own config file
    e.putIfAbsent("XDG_CONFIG_HOME", "/nonexistent-flotilla-test-config");
    int code = Main.run(args, e, new PrintWriter(out), new PrintWriter(err), clock);
    return new Result(code, out.toString(), err.toString());
  }

  private Cli() {}
}
