package io.flotilla.auditor.db;

import io.flotilla.auditor.domain.AuditRow;
import java.io.IOException;

/** Receives streamed rows one at a time; nothing is collected on the way. */
@FunctionalInterface
public interface RowSink {
  void accept(AuditRow row) throws IOException;
}
