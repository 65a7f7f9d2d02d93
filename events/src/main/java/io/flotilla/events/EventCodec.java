package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JSON serde for Flotilla events in their CloudEvents envelope. Thread-safe; share one instance.
 *
 * <p>Unknown fields are ignored when reading (a newer producer may add optional fields); absent
 * optional fields are left out when writing.
 */
public final class EventCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .nodeFactory(new SortedNodeFactory())
          .build();

  /** The mapper events are written with; for code that needs the same JSON conventions. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public String encode(CloudEvent<?> event) {
    // Written straight from the record: no intermediate tree (a desired state is mostly its data).
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("specversion", CloudEvent.SPEC_VERSION);
    envelope.put("id", event.id());
    envelope.put("source", event.source());
    envelope.put("type", event.type());
    if (event.subject() != null) {
      envelope.put("subject", event.subject());
    }
    envelope.put("time", event.time());
    envelope.put("datacontenttype", CloudEvent.CONTENT_TYPE);
    envelope.put("data", event.data());
    try {
      return MAPPER.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.id(), e);
    }
  }

  /**
   * Reads one record value.
   *
   * @throws EventDecodingException naming what is wrong (not JSON, not a CloudEvent, an unknown
   *     type, a missing or malformed field)
   */
  public CloudEvent<FlotillaEvent> decode(String json) {
    CloudEvent<FlotillaEvent> streamed = streamed(json);
    return streamed != null ? streamed : decode(parse(json));
  }

  /**
   * The event read in one pass, {@code data} straight into its record, when the value is well
   * formed and names its type before its data (as {@link #encode} writes it); otherwise null, and
   * the caller reads the tree, which names any problem. A desired state is mostly its data: the
   * tree in between was half of what decoding one cost.
   */
  private static CloudEvent<FlotillaEvent> streamed(String json) {
    if (json == null) {
      return null;
    }
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> text = new HashMap<>();
      Instant time = null;
      FlotillaEvent data = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "specversion", "id", "source", "type", "subject" -> {
            if (value != JsonToken.VALUE_STRING || text.put(field, parser.getText()) != null) {
              return null;
            }
          }
          case "time" -> {
            if (time != null) {
              return null;
            }
            time = MAPPER.readValue(parser, Instant.class);
          }
          case "data" -> {
            Optional<EventType> type = EventType.ofType(text.getOrDefault("type", ""));
            if (value != JsonToken.START_OBJECT
                || data != null
                || type.isEmpty()
                || !CloudEvent.SPEC_VERSION.equals(text.get("specversion"))) {
              return null;
            }
            data = MAPPER.readValue(parser, type.get().recordClass());
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT
          || parser.nextToken() != null
          || data == null
          || time == null
          || Stream.of("id", "source", "type").anyMatch(f -> text.getOrDefault(f, "").isBlank())) {
        return null;
      }
      return new CloudEvent<>(
          text.get("id"), text.get("source"), text.get("type"), text.get("subject"), time, data);
    } catch (IOException | RuntimeException e) {
      return null; // read again as a tree, which says what is wrong without quoting values
    }
  }

  /**
   * Reads one record value already parsed by {@link #readObject(String)}; {@code root} is not
   * modified, so a caller that needs the tree too parses the value once.
   *
   * @throws EventDecodingException as {@link #decode(String)}
   */
  public CloudEvent<FlotillaEvent> decode(JsonNode root) {
    String type = requiredText(root, "type", "?");
    String id = requiredText(root, "id", type);
    String spec = requiredText(root, "specversion", type);
    if (!CloudEvent.SPEC_VERSION.equals(spec)) {
      throw new EventDecodingException(
          "event " + id + ": specversion '" + spec + "' is not supported (expected 1.0)");
    }
    EventType eventType =
        EventType.ofType(type)
            .orElseThrow(
                () -> new EventDecodingException("event " + id + ": unknown type '" + type + "'"));
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new EventDecodingException("event " + id + " (" + type + "): 'data' is not an object");
    }
    try {
      FlotillaEvent record = MAPPER.treeToValue(data, eventType.recordClass());
      return new CloudEvent<>(
          id,
          requiredText(root, "source", type),
          type,
          root.path("subject").asText(null),
          MAPPER.treeToValue(root.get("time"), java.time.Instant.class),
          record);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // No cause attached: the parser's exceptions quote the value they could not read, and a
      // logged stack trace must not carry a secret.
      throw new EventDecodingException("event " + id + " (" + type + "): " + rootCauseMessage(e));
    }
  }

  /** Reads the type of a record value without decoding the rest; empty when unreadable. */
  public static String typeOf(String json) {
    // Streams the top-level fields up to "type" (written before "data"): a desired state or a
    // sync result is mostly its data, and reading the whole tree here only to read it again in
    // decode was a third of the applier's CPU when it replayed sync-results at start-up.
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("type".equals(field)) {
          return value == JsonToken.VALUE_STRING ? parser.getText() : "";
        }
        parser.skipChildren();
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The canonical form of a JSON document: object keys sorted, no insignificant whitespace. Two
   * documents with the same content have the same canonical form, whatever their key order.
   */
  public static String canonical(String json) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.readTree(json));
    } catch (JsonProcessingException e) {
      throw new EventDecodingException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Canonical JSON of any value (maps, lists, records). */
  public static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.valueToTree(value));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot write value as JSON: " + e.getMessage(), e);
    }
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /**
   * A record value as a JSON object tree.
   *
   * @throws EventDecodingException when it is empty, not JSON or not an object; the message names
   *     the place, never the value there
   */
  public static ObjectNode readObject(String json) {
    return (ObjectNode) parse(json);
  }

  private static JsonNode parse(String json) {
    if (json == null || json.isBlank()) {
      throw new EventDecodingException("empty record value: expected a CloudEvents JSON object");
    }
    try {
      JsonNode root = MAPPER.readTree(json);
      if (!root.isObject()) {
        throw new EventDecodingException("record value is JSON but not an object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new EventDecodingException(
          "record value is not JSON: "
              + withoutValues(e.getOriginalMessage())
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    }
  }

  private static String requiredText(JsonNode root, String field, String type) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new EventDecodingException(
          "CloudEvent (" + type + ") lacks required attribute '" + field + "'");
    }
    return node.asText();
  }

  private static String rootCauseMessage(Throwable e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      StringBuilder path = new StringBuilder("data");
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          path.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      // Our own records' checks (IllegalArgumentException) name fields, never values; anything
      // else the parser says may quote the value, so it is cut out.
      String message =
          t instanceof IllegalArgumentException && t.getMessage() != null
              ? t.getMessage()
              : withoutValues(m.getOriginalMessage());
      return message + " (at " + path + ")";
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message =
        t instanceof JsonProcessingException j
            ? withoutValues(j.getOriginalMessage())
            : t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  /**
   * A parser's message without the input it quotes: Jackson quotes the offending token or value
   * ({@code Unrecognized token 'hunter2'}, {@code from String "..."}), and these messages travel on
   * in dead-letter headers, logs and audit rows, where a secret must never appear. Quoted text
   * becomes {@code <value>}; type names in backticks stay.
   */
  static String withoutValues(String message) {
    String firstLine = message.lines().findFirst().orElse("");
    return firstLine
        .replaceAll("'[^']*'", "<value>")
        .replaceAll("\"[^\"]*\"", "<value>")
        .replaceAll("'[^']*$", "<value>")
        .replaceAll("\"[^\"]*$", "<value>");
  }
}
