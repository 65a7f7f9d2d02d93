package io.flotilla.auditor.kafka;

import io.flotilla.auditor.app.AuditRecorder;
import io.flotilla.auditor.domain.StoreOutcome;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/** Every record of every audited topic, into the audit log. */
@ApplicationScoped
public class AuditConsumer {
  /** Why the record was dead-lettered, in words (also in SmallRye's {@code dead-letter-reason}). */
  public static final String REASON_HEADER = "flotilla-dead-letter-reason";

  /** The topic the record was read from (also in SmallRye's {@code dead-letter-topic}). */
  public static final String ORIGINAL_TOPIC_HEADER = "flotilla-original-topic";

  private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

  private final AuditRecorder recorder;

  AuditConsumer(AuditRecorder recorder) {
    this.recorder = recorder;
  }

  @Incoming("audit")
  public Uni<Void> consume(Message<String> message) {
    IncomingKafkaRecordMetadata<?, ?> kafka =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    return recorder
        .record(kafka.getTopic(), message.getPayload())
        .chain(
            outcome ->
                outcome instanceof StoreOutcome.Rejected rejected
                    ? deadLetter(message, kafka, rejected.reason())
                    : Uni.createFrom().completionStage(message::ack));
  }

  private static Uni<Void> deadLetter(
      Message<String> message, IncomingKafkaRecordMetadata<?, ?> kafka, String reason) {
    LOG.warnf(
        "not a Flotilla event: topic=%s partition=%d offset=%d, sending it to %s: %s",
        kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), Topics.DEAD_LETTER, reason);
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    headers.add(ORIGINAL_TOPIC_HEADER, kafka.getTopic().getBytes(StandardCharsets.UTF_8));
    Metadata extra =
        Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    return Uni.createFrom()
        .completionStage(() -> message.nack(new EventDecodingException(reason), extra));
  }
}
