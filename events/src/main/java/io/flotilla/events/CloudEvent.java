package io.flotilla.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A Flotilla event in its CloudEvents 1.0 envelope (structured JSON mode). {@code specversion} is
 * always {@code 1.0} and {@code datacontenttype} always {@code application/json}; {@link
 * EventCodec} writes both.
 *
 * @param id unique per event; consumers deduplicate on it
 * @param source {@code /flotilla/<service>/<instance>}
 * @param type see {@link EventType}
 * @param subject {@code <app>} or {@code <app>/<cluster>}
 * @param time when the event was produced
 * @param data the event record
 */
public record CloudEvent<T extends FlotillaEvent>(
    String id, String source, String type, String subject, Instant time, T data) {
  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public CloudEvent {
    Required.text(id, "id");
    Required.text(source, "source");
    Required.text(type, "type");
    Required.value(time, "time");
    Required.value(data, "data");
  }

  /** A new event with a random id, stamped by {@code clock} (to the millisecond). */
  public static <T extends FlotillaEvent> CloudEvent<T> of(T data, String source, Clock clock) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        source,
        EventType.of(data).type(),
        data.subject(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS),
        data);
  }

  /** {@code /flotilla/<service>/<instance>}. */
  public static String source(String service, String instance) {
    return "/flotilla/" + service + "/" + instance;
  }

  /** The Kafka record key for this event, see {@link Keys}. */
  public String key() {
    return Keys.of(data);
  }

  public EventType eventType() {
    return EventType.of(data);
  }
}
