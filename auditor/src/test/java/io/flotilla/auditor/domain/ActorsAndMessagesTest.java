package io.flotilla.auditor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.Person;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.WatchFailed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorsAndMessagesTest {

  @Test
  void shouldNameTheCommitAuthorWhenTheEventHasOne() {
    assertThat(Actors.of(new Person("Alice", "alice@example.com"), "/flotilla/renderer/r-1"))
        .isEqualTo("Alice <alice@example.com>");
  }

  @Test
  void shouldNameTheRequestingIdentityOfACommand() {
    assertThat(Actors.of(new Person("ops-admin", ""), "/flotilla/applier/a-1"))
        .isEqualTo("ops-admin");
  }

  @Test
  void shouldNameTheServiceForAutomaticActions() {
    assertThat(Actors.of(null, "/flotilla/applier/host-1")).isEqualTo("flotilla/applier");
    assertThat(Actors.of(null, "/flotilla/git-watcher")).isEqualTo("flotilla/git-watcher");
    assertThat(Actors.of(null, "urn:other:thing")).isEqualTo("urn:other:thing");
  }

  @Test
  void shouldTakeTheReasonOrMessageOrStatusOfAnyEventRecord() {
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    assertThat(Messages.of(new WatchFailed("a", "file:///r", "main", "ref not found", t)))
        .isEqualTo("ref not found");
    assertThat(
            Messages.of(
                new SyncCompleted(
                    "a", "c", "r", "h", SyncCompleted.Status.FAILED, List.of(), 0, t, t, null)))
        .isEqualTo("status: failed");

    record PauseLike(String app, String reason) {}
    assertThat(Messages.of(new PauseLike("a", "incident 42"))).isEqualTo("incident 42");
    record Nothing(String app) {}
    assertThat(Messages.of(new Nothing("a"))).isNull();
  }

  @Test
  void shouldReadInstantsAndDurationsAgo() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    assertThat(TimeExpressions.parse("2h", now)).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    assertThat(TimeExpressions.parse("30m", now)).isEqualTo(Instant.parse("2026-11-26T11:30:00Z"));
    assertThat(TimeExpressions.parse("7d", now)).isEqualTo(Instant.parse("2026-11-19T12:00:00Z"));
    assertThat(TimeExpressions.parse("2026-11-26T11:15:30+01:00", now))
        .isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
    assertThat(TimeExpressions.parse("999999999w", now))
        .isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    for (String bad : List.of("yesterday", "2h30m", "-2h", "2026-11-26", "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeExpressions.parse(bad, now))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ISO-8601");
    }
  }
}
