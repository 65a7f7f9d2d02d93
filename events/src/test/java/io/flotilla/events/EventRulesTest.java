package io.flotilla.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules event records carry besides their fields. */
class EventRulesTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static CommitDetected commit(Signature signature) {
    return new CommitDetected(
        "guestbook",
        "file:///srv/git/apps.git",
        "main",
        Fixtures.SHA,
        null,
        Fixtures.ALICE,
        Fixtures.ALICE,
        "m",
        NOW,
        false,
        signature,
        null);
  }

  @ParameterizedTest
  @EnumSource(Signature.Status.class)
  void onlyValidSignatureShouldBeDeployableWhenRequired(Signature.Status status) {
    assertThat(commit(new Signature(status, null, null, true)).deployable())
        .isEqualTo(status == Signature.Status.VALID);
    assertThat(commit(new Signature(status, null, null, false)).deployable()).isTrue();
  }

  @Test
  void uncheckedCommitShouldBeDeployable() {
    assertThat(commit(null).deployable()).isTrue();
  }

  @Test
  void pauseShouldNameExactlyOneKindOfScope() {
    assertThatThrownBy(() -> new PauseRequested(null, null, false, "r", "alice", NOW))
        .hasMessageContaining("name an 'app', a 'cluster', or set 'all'");
    assertThatThrownBy(() -> new PauseRequested("guestbook", null, true, "r", "alice", NOW))
        .hasMessageContaining("'all' cannot be combined");
    assertThat(new PauseRequested("guestbook", "prod-eu-1", false, "r", "alice", NOW).subject())
        .isEqualTo("guestbook/prod-eu-1");
    assertThat(Keys.of(new ResumeRequested(null, null, true, "r", "alice", NOW))).isEqualTo("*");
  }

  @Test
  void controlEventShouldNameItsRequesterAsAuthor() {
    var rollback =
        new RollbackRequested("guestbook", null, Fixtures.SHA, false, "bad release", "bob", NOW);
    assertThat(rollback.author().display()).isEqualTo("bob");
    assertThat(rollback.revision()).isEqualTo(Fixtures.SHA);
  }
}
