package io.flotilla.auditor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.auditor.domain.Actors;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.Messages;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Turns one Kafka record value into what the audit log stores: decodes it with {@link EventCodec}
 * (any Flotilla event type, including ones added after this class was written), hashes every
 * Secret's data ({@link SecretRedactor}) before anything is kept, and moves a desired state's
 * manifests into a bundle stored once by content hash.
 */
public final class RecordParser {
  /** Longest app, cluster, revision, actor or type the log indexes (a btree entry is ~2.7 kB). */
  static final int MAX_INDEXED = 1000;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private final EventCodec codec;

  public RecordParser(EventCodec codec) {
    this.codec = codec;
  }

  /**
   * @throws EventDecodingException when the value is not a Flotilla event, or holds what the
   *     database cannot store; the message says why
   */
  public AuditRecord parse(String topic, String value) {
    ObjectNode tree = EventCodec.readObject(value); // parsed once: decoded, then redacted
    CloudEvent<FlotillaEvent> event = codec.decode(tree);
    FlotillaEvent data = event.data();
    SecretRedactor.redact(tree);
    AuditRecord.Bundle bundle = null;
    if (data instanceof DesiredState && tree.path("data").path("resources").isArray()) {
      JsonNode resources = ((ObjectNode) tree.get("data")).remove("resources");
      String content = canonical(resources);
      bundle = new AuditRecord.Bundle(EventCodec.sha256(content), content);
    }
    AuditRecord record =
        new AuditRecord(
            event.id(),
            event.type(),
            topic,
            data.app(),
            data.cluster(),
            data.revision(),
            Actors.of(data.author(), event.source()),
            data instanceof Record r ? Messages.of(r) : null,
            event.time().truncatedTo(ChronoUnit.MICROS),
            canonical(tree),
            bundle);
    requireStorable(record);
    return record;
  }

  /**
   * The canonical JSON of a tree (what {@link EventCodec#canonical(String)} gives for its text):
   * object keys sorted in place, then written compactly, without parsing it again.
   */
  static String canonical(JsonNode node) {
    sortKeys(node);
    try {
      return EventCodec.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree just read", e);
    }
  }

  private static void sortKeys(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
      object.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      object.removeAll();
      sorted.forEach(
          (name, child) -> {
            sortKeys(child);
            object.set(name, child);
          });
    } else if (node.isArray()) {
      node.forEach(RecordParser::sortKeys);
    }
  }

  /** What PostgreSQL would refuse must be refused here, or it would block the partition. */
  private static void requireStorable(AuditRecord r) {
    String[][] indexed = {
      {"id", r.eventId()},
      {"type", r.type()},
      {"app", r.app()},
      {"cluster", r.cluster()},
      {"revision", r.revision()},
      {"actor", r.actor()}
    };
    for (String[] field : indexed) {
      if (field[1] != null && field[1].length() > MAX_INDEXED) {
        throw refused(r, "'" + field[0] + "' is longer than " + MAX_INDEXED + " characters");
      }
      if (field[1] != null && field[1].indexOf('\u0000') >= 0) {
        throw refused(r, "'" + field[0] + "' contains a NUL character");
      }
    }
    if (r.message() != null && r.message().indexOf('\u0000') >= 0) {
      throw refused(r, "its message contains a NUL character");
    }
    if (r.eventTime().isBefore(EARLIEST) || r.eventTime().isAfter(LATEST)) {
      throw refused(r, "'time' " + r.eventTime() + " is outside years 1 to 9999");
    }
  }

  private static EventDecodingException refused(AuditRecord r, String why) {
    return new EventDecodingException("event " + r.eventId() + " (" + r.type() + "): " + why);
  }
}
