package io.flotilla.renderer.kafka;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.renderer.app.RendererMetrics;

/**
 * Decodes a record value and counts it as consumed from its topic, by type or as invalid. An
 * invalid value is rethrown: SmallRye logs it and dead-letters the record with its message.
 */
final class CountingDecoder {
  private final EventCodec codec = new EventCodec();
  private final RendererMetrics metrics;

  CountingDecoder(RendererMetrics metrics) {
    this.metrics = metrics;
  }

  CloudEvent<FlotillaEvent> decode(String topic, String value) {
    try {
      CloudEvent<FlotillaEvent> event = codec.decode(value);
      metrics.consumed(topic, event.type());
      return event;
    } catch (EventDecodingException e) {
      metrics.consumed(topic, RendererMetrics.INVALID);
      throw e;
    }
  }
}
