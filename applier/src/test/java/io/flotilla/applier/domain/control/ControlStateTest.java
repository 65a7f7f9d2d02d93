package io.flotilla.applier.domain.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.ControlEvent;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.ResumeRequested;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncRequested;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlStateTest {
  private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);

  private static ControlState fold(ControlEvent... events) {
    ControlState state = ControlState.EMPTY;
    for (ControlEvent e : List.of(events)) {
      state = state.apply(e);
    }
    return state;
  }

  @Test
  void shouldHoldEverythingInAPausedScopeAndNothingOutsideIt() {
    ControlState state = fold(new PauseRequested(null, "prod-1", false, "incident", "alice", T));

    assertThat(state.holding("web", "prod-1", A))
        .hasValueSatisfying(
            h -> {
              assertThat(h.requestedBy()).isEqualTo("alice");
              assertThat(h.describe()).isEqualTo("paused by alice: incident");
            });
    assertThat(state.holding("web", "prod-2", A)).isEmpty();
  }

  @Test
  void shouldLiftPausesTheResumeCoversButNotBroaderOnes() {
    ControlState state =
        fold(
            new PauseRequested(null, null, true, "freeze", "alice", T),
            new PauseRequested("web", "prod-1", false, "debug", "bob", T),
            new ResumeRequested("web", null, false, "done", "bob", T));

    assertThat(state.pause("web", "prod-1"))
        .hasValueSatisfying(h -> assertThat(h.reason()).isEqualTo("freeze"));
    ControlState after = state.apply(new ResumeRequested(null, null, true, "thaw", "alice", T));
    assertThat(after.holding("web", "prod-1", A)).isEmpty();
  }

  @Test
  void shouldLetOnlyTheRollbackRevisionThroughUntilResumed() {
    ControlState state =
        fold(new RollbackRequested("web", null, A, false, "bad release", "carol", T));

    assertThat(state.holding("web", "prod-1", A)).isEmpty();
    assertThat(state.holding("web", "prod-1", B))
        .hasValueSatisfying(h -> assertThat(h.describe()).startsWith("rolled back to " + A));
    assertThat(state.holding("api", "prod-1", B)).isEmpty();
    ControlState resumed =
        state
            .apply(new SyncRequested("web", null, false, false, "x", "carol", T))
            .apply(new ResumeRequested("web", "prod-1", false, "fixed", "carol", T));
    assertThat(resumed.holding("web", "prod-1", B))
        .as("a resume on one cluster does not lift the app-wide suspension")
        .isPresent();
    assertThat(
            resumed
                .apply(new ResumeRequested("web", null, false, "fixed", "carol", T))
                .holding("web", "prod-1", B))
        .isEmpty();
  }
}
