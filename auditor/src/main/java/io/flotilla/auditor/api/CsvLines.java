package io.flotilla.auditor.api;

import io.flotilla.auditor.domain.AuditRow;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** RFC 4180 CSV lines of audit entries (CRLF line ends, fields quoted when they need it). */
final class CsvLines {
  static final String HEADER =
      "seq,eventId,type,topic,app,cluster,revision,actor,message,time,recordedAt,bundleHash,"
          + "prevHash,hash,event\r\n";

  private CsvLines() {}

  static String line(AuditRow r) {
    return Stream.of(
                r.seq(),
                r.eventId(),
                r.type(),
                r.topic(),
                r.app(),
                r.cluster(),
                r.revision(),
                r.actor(),
                r.message(),
                r.eventTime(),
                r.recordedAt(),
                r.bundleHash(),
                r.prevHash(),
                r.hash(),
                r.envelope())
            .map(v -> field(Objects.toString(v, "")))
            .collect(Collectors.joining(","))
        + "\r\n";
  }

  static String field(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
