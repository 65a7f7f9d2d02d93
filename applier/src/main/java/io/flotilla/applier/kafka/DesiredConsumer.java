package io.flotilla.applier.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code flotilla.desired} → {@link DesiredProcessor}. Acknowledged there, when done. */
@ApplicationScoped
public class DesiredConsumer {
  @Inject DesiredProcessor processor;

  /** Returns once the record is admitted to its cluster's lane, not when it is done. */
  @Incoming("desired")
  public CompletionStage<Void> consume(Message<String> record) {
    return processor.admit(record);
  }
}
