package io.flotilla.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** JSON, YAML and the small text conventions every command shares. */
public final class Formats {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private Formats() {}

  public static String json(Object node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static String compactJson(Object node) {
    try {
      return COMPACT.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static String yaml(Object node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** A text field, or {@code null} when absent or JSON null. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The first 7 characters of a commit SHA; "-" for none. */
  public static String shortSha(String sha) {
    if (sha == null || sha.isBlank()) {
      return "-";
    }
    return sha.matches("[0-9a-f]{40}") ? sha.substring(0, 7) : sha;
  }

  /** "12s ago", "3m ago", "5h ago", "2d ago"; "-" for none; the raw text when not an instant. */
  public static String age(String instant, Instant now) {
    if (instant == null || instant.isBlank()) {
      return "-";
    }
    Instant t;
    try {
      t = Instant.parse(instant);
    } catch (DateTimeParseException e) {
      return instant;
    }
    Duration d = Duration.between(t, now);
    if (d.isNegative()) {
      return "just now";
    }
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s ago";
    }
    if (s < 3600) {
      return (s / 60) + "m ago";
    }
    if (s < 86400) {
      return (s / 3600) + "h ago";
    }
    return (s / 86400) + "d ago";
  }

  /** {@code text} cut to {@code max} characters on one line. */
  public static String cut(String text, int max) {
    if (text == null) {
      return "-";
    }
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }
}
