package io.flotilla.auditor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.EventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final Instant AT = Instant.parse("2026-11-26T10:15:32.912345Z");

  private static AuditRecord record(int i) {
    return new AuditRecord(
        "e" + i,
        "io.flotilla.commit.detected.v1",
        "flotilla.commits",
        "guestbook",
        null,
        "sha" + i,
        "Alice <alice@example.com>",
        "commit " + i,
        Instant.parse("2026-11-26T10:15:30.123Z"),
        "{\"id\":\"e" + i + "\"}",
        null);
  }

  /** A chain of {@code n} rows, seq 1..n, built the way the auditor appends. */
  private static List<AuditRow> chain(int n) {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      records.add(record(i));
    }
    return AuditChain.extend(0, AuditChain.GENESIS, records, AT);
  }

  private static Verification verify(List<AuditRow> rows) {
    AuditChain.Verifier v = AuditChain.Verifier.fromGenesis();
    rows.forEach(v::accept);
    return v.result();
  }

  private static AuditRow withActor(AuditRow r, String actor) {
    return new AuditRow(
        r.seq(),
        r.eventId(),
        r.type(),
        r.topic(),
        r.app(),
        r.cluster(),
        r.revision(),
        actor,
        r.message(),
        r.eventTime(),
        r.recordedAt(),
        r.bundleHash(),
        r.envelope(),
        r.prevHash(),
        r.hash());
  }

  @Test
  void genesisIsSixtyFourZeros() {
    assertThat(AuditChain.GENESIS).hasSize(64).matches("0+");
  }

  @Test
  void shouldHashPreviousHashFollowedByTheRowsCanonicalContent() {
    AuditRow first = chain(1).get(0);
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(first.hash())
        .isEqualTo(EventCodec.sha256(AuditChain.GENESIS + first.content()))
        .matches("[0-9a-f]{64}");
    assertThat(first.content())
        .isEqualTo(
            "{\"actor\":\"Alice <alice@example.com>\",\"app\":\"guestbook\",\"bundleHash\":null,"
                + "\"cluster\":null,\"envelope\":\"{\\\"id\\\":\\\"e1\\\"}\",\"eventId\":\"e1\","
                + "\"eventTime\":\"2026-11-26T10:15:30.123Z\",\"message\":\"commit 1\","
                + "\"recordedAt\":\"2026-11-26T10:15:32.912345Z\",\"revision\":\"sha1\",\"seq\":1,"
                + "\"topic\":\"flotilla.commits\",\"type\":\"io.flotilla.commit.detected.v1\"}");
  }

  @Test
  void shouldWriteTheContentExactlyAsTheCodecsCanonicalJson() {
    String tricky = "q\"b\\s/\u0001\b\f\n\r\t\u001f é 😀 \u2028 <tag>";
    AuditRow r =
        new AuditRow(
            7,
            tricky,
            "t",
            null,
            tricky,
            null,
            "",
            tricky,
            tricky,
            Instant.parse("2026-11-26T10:15:30Z"),
            AT,
            "ab".repeat(32),
            "{\"a\":\"" + tricky + "\"}",
            AuditChain.GENESIS,
            null);
    java.util.Map<String, Object> columns = new java.util.HashMap<>();
    columns.put("seq", 7L);
    columns.put("eventId", tricky);
    columns.put("type", "t");
    columns.put("topic", null);
    columns.put("app", tricky);
    columns.put("cluster", null);
    columns.put("revision", "");
    columns.put("actor", tricky);
    columns.put("message", tricky);
    columns.put("eventTime", "2026-11-26T10:15:30Z");
    columns.put("recordedAt", AT.toString());
    columns.put("bundleHash", "ab".repeat(32));
    columns.put("envelope", r.envelope());
    assertThat(r.content()).isEqualTo(EventCodec.canonical(columns));
  }

  @Test
  void shouldNumberRowsWithoutGapsAfterTheLastOne() {
    List<AuditRow> more = AuditChain.extend(41, "ab".repeat(32), List.of(record(1), record(2)), AT);
    assertThat(more).extracting(AuditRow::seq).containsExactly(42L, 43L);
    assertThat(more.get(0).prevHash()).isEqualTo("ab".repeat(32));
    assertThat(more.get(1).prevHash()).isEqualTo(more.get(0).hash());
  }

  @Test
  void shouldVerifyAnIntactChain() {
    assertThat(verify(chain(5))).isEqualTo(new Verification(true, 5, null));
    assertThat(verify(List.of())).isEqualTo(new Verification(true, 0, null));
  }

  @Test
  void shouldReportAChangedColumnAtItsRowWithTheExpectedAndStoredHash() {
    List<AuditRow> rows = new ArrayList<>(chain(5));
    AuditRow original = rows.get(2);
    rows.set(2, withActor(original, "Mallory <m@example.com>"));

    Verification v = verify(rows);

    assertThat(v.verified()).isFalse();
    assertThat(v.entries()).isEqualTo(5);
    assertThat(v.firstBroken().seq()).isEqualTo(3);
    assertThat(v.firstBroken().actual()).isEqualTo(original.hash());
    assertThat(v.firstBroken().expected())
        .isEqualTo(AuditChain.next(original.prevHash(), rows.get(2).content()))
        .isNotEqualTo(original.hash());
  }

  @Test
  void shouldReportARemovedRowAtTheRowAfterTheGap() {
    List<AuditRow> rows = new ArrayList<>(chain(5));
    AuditRow removed = rows.remove(1);

    Verification v = verify(rows);

    assertThat(v.firstBroken())
        .isEqualTo(new Verification.Broken(3, rows.get(0).hash(), removed.hash()));
  }

  @Test
  void shouldVerifyFromTheMiddleTrustingTheFirstRowsLink() {
    List<AuditRow> rows = chain(5).subList(2, 5);
    AuditChain.Verifier v = AuditChain.Verifier.fromAnyRow();
    rows.forEach(v::accept);
    assertThat(v.result()).isEqualTo(new Verification(true, 3, null));

    assertThat(verify(rows).firstBroken().seq()).as("from genesis it is broken").isEqualTo(3);
  }
}
