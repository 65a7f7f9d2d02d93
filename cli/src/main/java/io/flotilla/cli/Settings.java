package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Where the CLI connects and with which token. Each value comes from the first of: the command-line
 * flag, the environment ({@code FLOTILLA_SERVER}, {@code FLOTILLA_AUDIT_SERVER}, {@code
 * FLOTILLA_TOKEN}), the config file ({@code --config}, {@code FLOTILLA_CONFIG}, or {@code
 * $XDG_CONFIG_HOME/flotilla/config.yaml}, default {@code ~/.config/flotilla/config.yaml}), the
 * default. {@code source} fields say which, for error messages.
 */
public record Settings(
    String server,
    String serverSource,
    String auditServer,
    String auditServerSource,
    String token,
    String tokenSource) {
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8083";
  public static final String DEFAULT_AUDIT_SERVER = "http://127.0.0.1:8084";
  private static final Set<String> KEYS = Set.of("server", "auditServer", "token", "tokenFile");

  /** The values the flags gave, {@code null} when absent. */
  public record Flags(
      String server, String auditServer, String token, String tokenFile, String config) {}

  public static Settings resolve(Flags flags, Map<String, String> env) {
    Path configFile = configFile(flags.config(), env);
    JsonNode config =
        read(configFile, flags.config() != null || env.get("FLOTILLA_CONFIG") != null);
    String cfg = "config file " + configFile;
    String[] server =
        pick(flags.server(), "--server", env, "FLOTILLA_SERVER", config, "server", cfg);
    String[] audit =
        pick(
            flags.auditServer(),
            "--audit-server",
            env,
            "FLOTILLA_AUDIT_SERVER",
            config,
            "auditServer",
            cfg);
    String[] token = pick(flags.token(), "--token", env, "FLOTILLA_TOKEN", config, "token", cfg);
    if (token[0] == null && flags.tokenFile() != null) {
      token = new String[] {firstToken(Path.of(flags.tokenFile())), "--token-file"};
    }
    if (token[0] == null && text(config, "tokenFile") != null) {
      Path file = configFile.resolveSibling(expand(text(config, "tokenFile")));
      token = new String[] {firstToken(file), "tokenFile in " + cfg};
    }
    return new Settings(
        url(server[0] == null ? DEFAULT_SERVER : server[0], server[1]),
        server[0] == null ? "the default" : server[1],
        url(audit[0] == null ? DEFAULT_AUDIT_SERVER : audit[0], audit[1]),
        audit[0] == null ? "the default" : audit[1],
        token[0],
        token[1]);
  }

  static Path configFile(String flag, Map<String, String> env) {
    if (flag != null) {
      return Path.of(expand(flag));
    }
    if (env.get("FLOTILLA_CONFIG") != null) {
      return Path.of(expand(env.get("FLOTILLA_CONFIG")));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("flotilla").resolve("config.yaml");
  }

  private static String[] pick(
      String flag,
      String flagName,
      Map<String, String> env,
      String envName,
      JsonNode config,
      String key,
      String cfg) {
    if (flag != null && !flag.isBlank()) {
      return new String[] {flag.strip(), flagName};
    }
    String e = env.get(envName);
    if (e != null && !e.isBlank()) {
      return new String[] {e.strip(), envName};
    }
    String c = text(config, key);
    if (c != null) {
      return new String[] {c, key + " in " + cfg};
    }
    return new String[] {null, null};
  }

  private static JsonNode read(Path file, boolean mustExist) {
    if (!Files.exists(file)) {
      if (mustExist) {
        throw new CliException(ExitCodes.USAGE, "config file " + file + " does not exist");
      }
      return null;
    }
    JsonNode node;
    try {
      node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "config file " + file + " is not valid YAML: " + firstLine(e.getMessage()));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new CliException(
          ExitCodes.USAGE,
          "config file " + file + " must be a mapping with keys " + String.join(", ", KEYS));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new CliException(
            ExitCodes.USAGE,
            "config file "
                + file
                + ": unknown key '"
                + key
                + "'; known keys are server, auditServer, token, tokenFile");
      }
      if (!node.get(key).isTextual()) {
        throw new CliException(
            ExitCodes.USAGE, "config file " + file + ": '" + key + "' must be a string");
      }
    }
    return node;
  }

  private static String text(JsonNode config, String key) {
    if (config == null || config.get(key) == null || config.get(key).asText().isBlank()) {
      return null;
    }
    return config.get(key).asText().strip();
  }

  /** The first token of an API tokens file ({@code <token> <identity>} a line). */
  static String firstToken(Path file) {
    try {
      for (String line : Files.readAllLines(file)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          return t.split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "cannot read the token file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    throw new CliException(ExitCodes.USAGE, "the token file " + file + " holds no token");
  }

  private static String url(String value, String source) {
    String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      URI uri = URI.create(v);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new CliException(
        ExitCodes.USAGE,
        "'" + value + "' (from " + source + ") is not an http(s) URL, e.g. " + DEFAULT_SERVER);
  }

  private static String expand(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
