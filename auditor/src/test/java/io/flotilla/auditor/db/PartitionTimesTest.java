package io.flotilla.auditor.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.auditor.db.PartitionTimes.Bounds;
import io.flotilla.auditor.db.PartitionTimes.Span;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTimesTest {
  private static Instant t(String s) {
    return Instant.parse("2026-11-" + s + ":00Z");
  }

  // three hours of rows; the last hour also recorded a late event from the 1st
  private static final List<Span> SPANS =
      List.of(
          new Span(t("10T10:00"), t("10T09:58"), t("10T10:59"), 1, 100),
          new Span(t("10T11:00"), t("10T11:00"), t("10T11:59"), 101, 200),
          new Span(t("10T12:00"), t("01T00:00"), t("10T12:59"), 201, 300));

  @Test
  void shouldStartAnUntilScanAtTheLastHourThatCanHoldAMatch() {
    // events up to 10:30 are in the first hour, and in the last (the late one); not the middle
    assertThat(PartitionTimes.of(SPANS.subList(0, 2), null, t("10T10:30")))
        .isEqualTo(new Bounds(null, t("10T11:00"), null, 100L));
    // with the late event the newest hour may match: no bound
    assertThat(PartitionTimes.of(SPANS, null, t("10T10:30"))).isEqualTo(Bounds.NONE);
    // nothing that old: an empty range
    assertThat(PartitionTimes.of(SPANS.subList(0, 2), null, t("09T00:00")))
        .isEqualTo(new Bounds(null, t("10T10:00"), null, 0L));
  }

  @Test
  void shouldStartASinceScanAtTheFirstHourThatCanHoldAMatch() {
    assertThat(PartitionTimes.of(SPANS, t("10T11:30"), null))
        .isEqualTo(new Bounds(t("10T11:00"), null, 101L, null));
    assertThat(PartitionTimes.of(SPANS, t("10T10:30"), null)).isEqualTo(Bounds.NONE);
    assertThat(PartitionTimes.of(SPANS, t("11T00:00"), null))
        .isEqualTo(new Bounds(t("10T13:00"), null, 301L, null));
  }

  @Test
  void shouldCombineBothAndLeaveOtherQueriesAlone() {
    assertThat(PartitionTimes.of(SPANS.subList(0, 2), t("10T11:10"), t("10T11:20")))
        .isEqualTo(new Bounds(t("10T11:00"), null, 101L, null));
    assertThat(PartitionTimes.of(SPANS, null, null)).isEqualTo(Bounds.NONE);
    assertThat(PartitionTimes.of(List.of(), t("10T11:10"), null)).isEqualTo(Bounds.NONE);
  }
}
