package io.flotilla.auditor.kafka;

import io.flotilla.auditor.app.DeadLetterParser;
import io.flotilla.events.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Writes records that are not Flotilla events to {@code flotilla.dead-letter}: same key, same
 * value, the original headers, and the reason in headers (the {@code dead-letter-*} names are those
 * of SmallRye's dead-letter-queue failure strategy, which this replaces now that records are
 * consumed in batches).
 */
@ApplicationScoped
public class DeadLetters {
  static final String REASON_HEADER = "flotilla-dead-letter-reason";
  static final String ORIGINAL_TOPIC_HEADER = "flotilla-original-topic";
  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  private final MutinyEmitter<String> out;

  DeadLetters(@Channel("dead-letter") MutinyEmitter<String> out) {
    this.out = out;
  }

  /** Sends and waits until Kafka has it. */
  void send(KafkaRecord<String, String> record, String reason) {
    long offset =
        record
            .getMetadata(IncomingKafkaRecordMetadata.class)
            .map(IncomingKafkaRecordMetadata::getOffset)
            .orElse(-1L);
    LOG.warnf(
        "not a Flotilla event: topic=%s partition=%d offset=%d, sending it to %s: %s",
        record.getTopic(), record.getPartition(), offset, Topics.DEAD_LETTER, reason);
    RecordHeaders headers = new RecordHeaders();
    for (Header h : record.getHeaders()) {
      headers.add(h);
    }
    add(headers, REASON_HEADER, reason);
    add(headers, DeadLetterParser.SERVICE_HEADER, "auditor");
    add(headers, ORIGINAL_TOPIC_HEADER, record.getTopic());
    add(headers, "dead-letter-reason", reason);
    add(headers, "dead-letter-exception-class-name", "io.flotilla.events.EventDecodingException");
    add(headers, "dead-letter-topic", record.getTopic());
    add(headers, "dead-letter-partition", Integer.toString(record.getPartition()));
    add(headers, "dead-letter-offset", Long.toString(offset));
    Message<String> message =
        Message.of(record.getPayload())
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(record.getKey())
                    .withTopic(Topics.DEAD_LETTER)
                    .withHeaders(headers)
                    .build());
    out.sendMessageAndAwait(message);
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
