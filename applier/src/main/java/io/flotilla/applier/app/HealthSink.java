package io.flotilla.applier.app;

import io.flotilla.events.HealthChanged;
import io.flotilla.events.RollbackRequested;
import java.util.concurrent.CompletionStage;

/** Where health assessments go: {@code HealthChanged}, and automatic rollbacks. */
public interface HealthSink {
  CompletionStage<Void> healthChanged(HealthChanged event);

  CompletionStage<Void> rollback(RollbackRequested event);
}
