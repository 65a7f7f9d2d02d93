package io.flotilla.auditor.domain;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Person;
import java.time.Instant;

/**
 * What the audit log stores about one event, before it is chained.
 *
 * @param eventId the CloudEvent {@code id}; unique in the log
 * @param type the CloudEvent {@code type}
 * @param topic the Kafka topic the event was read from
 * @param app the application the event is about
 * @param cluster the cluster it is about, or {@code null}
 * @param revision the Git revision it is about
 * @param actor the commit author's {@code Name <email>}, or {@code null} when the event has none
 * @param eventTime the CloudEvent {@code time}
 * @param envelope the canonical JSON of the whole CloudEvent, as received ({@link
 *     EventCodec#canonical(String)}); this is what the chain hashes
 */
public record AuditRecord(
    String eventId,
    String type,
    String topic,
    String app,
    String cluster,
    String revision,
    String actor,
    Instant eventTime,
    String envelope) {

  /**
   * Reads one Kafka record value.
   *
   * @throws EventDecodingException when the value is not a Flotilla event, or holds text the
   *     database cannot store; the message says why
   */
  public static AuditRecord parse(String topic, String value, EventCodec codec) {
    CloudEvent<FlotillaEvent> event = codec.decode(value);
    FlotillaEvent data = event.data();
    Person author = data.author();
    AuditRecord record =
        new AuditRecord(
            event.id(),
            event.type(),
            topic,
            data.app(),
            data.cluster(),
            data.revision(),
            author == null ? null : author.display(),
            event.time(),
            EventCodec.canonical(value));
    record.requireStorableText();
    return record;
  }

  /** PostgreSQL {@code text} cannot hold U+0000; such an event could never be stored. */
  private void requireStorableText() {
    String[][] fields = {
      {"id", eventId},
      {"type", type},
      {"app", app},
      {"cluster", cluster},
      {"revision", revision},
      {"author", actor}
    };
    for (String[] field : fields) {
      if (field[1] != null && field[1].indexOf('\u0000') >= 0) {
        throw new EventDecodingException(
            "event " + eventId + " (" + type + "): '" + field[0] + "' contains a NUL character");
      }
    }
  }
}
