package io.flotilla.auditor.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a record of {@code flotilla.dead-letter} into what the audit log stores about it: where the
 * rejected record came from, which service rejected it and why, and the SHA-256 and size of its
 * value — never the value itself, which may carry secrets.
 *
 * <p>The row's event id is {@code dead-letter:<topic>/<partition>/<offset>} of the
 * <em>rejected</em> record (from the {@code dead-letter-topic/-partition/-offset} headers that
 * SmallRye's dead-letter queue and the auditor write), so a poison record is audited once however
 * many services dead-letter it, and a redelivered dead letter adds nothing. A dead letter without
 * those headers is identified by its own position on {@code flotilla.dead-letter}.
 */
public final class DeadLetterParser {
  /** The audit log's type for a dead-lettered record (it is not a Flotilla event type). */
  public static final String TYPE = "io.flotilla.record.deadlettered.v1";

  /** Header naming the service that dead-lettered the record (the auditor writes it). */
  public static final String SERVICE_HEADER = "flotilla-service";

  /** Longest reason stored; a longer one is cut and marked. */
  static final int MAX_REASON = 2000;

  /**
   * One consumed dead letter.
   *
   * @param partition its partition on the dead-letter topic
   * @param offset its offset there
   * @param timestamp when it was dead-lettered (the Kafka record timestamp)
   * @param value the rejected record's value, or null
   * @param headers each header's last value, as UTF-8 text
   */
  public record DeadLetter(
      String topic,
      int partition,
      long offset,
      Instant timestamp,
      byte[] value,
      Map<String, String> headers) {}

  private static final Pattern QUOTED = Pattern.compile("(['\"])([^'\"]{1,2000})\\1");

  private DeadLetterParser() {}

  public static AuditRecord parse(DeadLetter d) {
    Map<String, String> h = d.headers();
    String sourceTopic = clean(first(h, "dead-letter-topic", "flotilla-original-topic"), 300);
    Long sourcePartition = number(h.get("dead-letter-partition"));
    Long sourceOffset = number(h.get("dead-letter-offset"));
    boolean located = sourceTopic != null && sourcePartition != null && sourceOffset != null;
    String id =
        located
            ? "dead-letter:" + sourceTopic + "/" + sourcePartition + "/" + sourceOffset
            : "dead-letter:" + d.topic() + "/" + d.partition() + "/" + d.offset();
    String exception = clean(h.get("dead-letter-exception-class-name"), 300);
    String service = service(clean(h.get(SERVICE_HEADER), 100), exception);
    String reason =
        clean(first(h, "flotilla-dead-letter-reason", "dead-letter-reason"), MAX_REASON);
    if (reason == null) {
      reason = "dead-lettered without a reason";
    }
    reason = withoutPayload(reason, d.value());
    String cause = withoutPayload(clean(h.get("dead-letter-cause"), MAX_REASON), d.value());
    Instant time = d.timestamp().truncatedTo(ChronoUnit.MICROS);
    ObjectNode data = EventCodec.mapper().createObjectNode();
    data.put("service", service);
    data.put("reason", reason);
    data.put("exceptionClass", exception);
    data.put("cause", cause);
    data.put("sourceTopic", sourceTopic);
    data.put("sourcePartition", sourcePartition);
    data.put("sourceOffset", sourceOffset);
    data.put("deadLetterTopic", d.topic());
    data.put("deadLetterPartition", d.partition());
    data.put("deadLetterOffset", d.offset());
    data.put("payloadSha256", d.value() == null ? null : sha256(d.value()));
    data.put("payloadBytes", d.value() == null ? 0 : d.value().length);
    ObjectNode envelope = EventCodec.mapper().createObjectNode();
    envelope.put("specversion", "1.0");
    envelope.put("id", id);
    envelope.put("source", "/flotilla/" + service);
    envelope.put("type", TYPE);
    envelope.put("time", time.toString());
    envelope.set("data", data);
    return new AuditRecord(
        id,
        TYPE,
        d.topic(),
        null,
        null,
        null,
        "flotilla/" + service,
        reason,
        time,
        RecordParser.canonical(envelope),
        null);
  }

  /**
   * The service that rejected the record: the {@value #SERVICE_HEADER} header, else the module of
   * the exception class ({@code io.flotilla.<service>.…}), else {@code unknown}.
   */
  static String service(String header, String exceptionClass) {
    if (header != null && header.matches("[a-z0-9-]{1,60}")) {
      return header;
    }
    if (exceptionClass != null) {
      String[] parts = exceptionClass.split("\\.");
      if (parts.length > 3
          && parts[0].equals("io")
          && parts[1].equals("flotilla")
          && !parts[2].equals("events")
          && parts[2].matches("[a-z0-9-]{1,60}")) {
        return parts[2];
      }
    }
    return "unknown";
  }

  /**
   * The reason without what it quotes of the payload: a parser's message quotes the token it choked
   * on ({@code Unrecognized token 'hunter2'}), which may be a secret. Every quoted fragment ({@code
   * '…'} or {@code "…"}) found in the payload text is replaced by its length.
   */
  static String withoutPayload(String reason, byte[] value) {
    if (reason == null || value == null || value.length == 0) {
      return reason;
    }
    String payload = new String(value, StandardCharsets.UTF_8);
    Matcher m = QUOTED.matcher(reason);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String fragment = m.group(2);
      String replacement =
          payload.contains(fragment)
              ? m.group(1) + "<" + fragment.length() + " characters of the payload>" + m.group(1)
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String first(Map<String, String> h, String a, String b) {
    return h.get(a) != null ? h.get(a) : h.get(b);
  }

  private static Long number(String s) {
    if (s == null || !s.matches("-?\\d{1,18}")) {
      return null;
    }
    return Long.parseLong(s);
  }

  /** Without NUL (PostgreSQL text cannot hold it), at most {@code max} characters. */
  private static String clean(String s, int max) {
    if (s == null) {
      return null;
    }
    String t = s.replace("\u0000", "");
    return t.length() <= max ? t : t.substring(0, max) + "… (cut)";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
