package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.gitwatcher.domain.AppWatch.Decision;
import org.junit.jupiter.api.Test;

class AppWatchTest {
  private static final Resolution AT_S1 = new Resolution.Resolved("main", "s1");
  private static final Resolution AT_S2 = new Resolution.Resolved("main", "s2");
  private static final Resolution GONE = new Resolution.Unresolved("branch 'main' does not exist");

  @Test
  void shouldAnnounceFirstSightingThenMovesButNotStandingStill() {
    assertThat(AppWatch.NEW.decide("a", AT_S1))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", null, "s1")));
    AppWatch at1 = AppWatch.NEW.announced("s1");
    assertThat(at1.decide("a", AT_S1)).isEqualTo(new Decision.Nothing());
    assertThat(at1.decide("a", AT_S2))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s2")));
  }

  @Test
  void shouldReportAFailureOnceUntilItsReasonChangesOrItIsOver() {
    AppWatch at1 = AppWatch.NEW.announced("s1");

    assertThat(at1.decide("a", GONE))
        .isEqualTo(new Decision.ReportFailure("branch 'main' does not exist"));
    AppWatch failing = at1.failed("branch 'main' does not exist");
    assertThat(failing.decide("a", GONE)).isEqualTo(new Decision.Nothing());
    assertThat(failing.decide("a", new Resolution.Unresolved("ls-remote failed: timeout")))
        .isEqualTo(new Decision.ReportFailure("ls-remote failed: timeout"));

    // the branch is back where it was: nothing to announce, and the failure is over
    assertThat(failing.decide("a", AT_S1)).isEqualTo(new Decision.Nothing());
    assertThat(failing.healthy().decide("a", GONE))
        .isEqualTo(new Decision.ReportFailure("branch 'main' does not exist"));
  }

  @Test
  void aFailureShouldKeepTheLastAnnouncedCommitAsPrevious() {
    AppWatch failing = AppWatch.NEW.announced("s1").failed("branch 'main' does not exist");

    assertThat(failing.decide("a", AT_S2))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s2")));
  }

  @Test
  void shouldResumeAtTheRememberedCommitOfTheSameRepoOnly() {
    var last = new Announced("a", "file:///r.git", "main", "s1", java.time.Instant.EPOCH);

    AppWatch resumed = AppWatch.resume(last, "file:///r.git");
    assertThat(resumed.decide("a", AT_S1)).isEqualTo(new Decision.Nothing());
    assertThat(resumed.decide("a", AT_S2))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s2")));
    assertThat(AppWatch.resume(last, "file:///moved.git")).isEqualTo(AppWatch.NEW);
    assertThat(AppWatch.resume(null, "file:///r.git")).isEqualTo(AppWatch.NEW);
  }

  @Test
  void aFleetChangeShouldBeAnnouncedWithItsCauseWhetherOrNotTheAppWasAnnouncedBefore() {
    assertThat(AppWatch.NEW.announced("s1").reannounce("fleet moved").decide("a", AT_S1))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s1", "fleet moved")));
    // not announced yet: the first announcement carries the cause
    assertThat(AppWatch.NEW.reannounce("fleet moved").decide("a", AT_S1))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", null, "s1", "fleet moved")));
    // and once announced, the cause is spent
    assertThat(AppWatch.NEW.reannounce("fleet moved").announced("s1").decide("a", AT_S1))
        .isEqualTo(new Decision.Nothing());
  }

  @Test
  void aFleetChangeShouldOutliveAFailingRef() {
    AppWatch failing =
        AppWatch.NEW.announced("s1").reannounce("fleet moved").failed("branch 'main' gone");

    assertThat(failing.decide("a", GONE))
        .isEqualTo(new Decision.ReportFailure("branch 'main' does not exist"));
    // back at the same commit: announced again all the same, since the fleet changed meanwhile
    assertThat(failing.decide("a", AT_S1))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s1", "fleet moved")));
    assertThat(failing.healthy().decide("a", AT_S1))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s1", "fleet moved")));
  }

  @Test
  void commitPassedOverShouldNotBeExaminedAgainButTheNextOneShouldBeComparedFromTheAnnounced() {
    AppWatch passed = AppWatch.NEW.announced("s1").passed("s2");

    assertThat(passed.decide("a", new Resolution.Resolved("main", "s2")))
        .isEqualTo(new Decision.Nothing());
    assertThat(passed.decide("a", new Resolution.Resolved("main", "s3")))
        .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s3")));
    assertThat(passed.announcedSha()).isEqualTo("s1");
  }

  @Test
  void aFleetChangeMarkedDuringACheckShouldOutliveTheChecksResult() {
    AppWatch from = AppWatch.NEW.announced("s1");
    String cause = "fleet revision f2 changed the app";
    AppWatch markedMeanwhile = from.reannounce(cause);

    // the check found nothing new, or a commit outside the app's path, or a failing ref
    for (AppWatch next : new AppWatch[] {from.healthy(), from.passed("s2"), from.failed("gone")}) {
      AppWatch stored = AppWatch.settle(from, markedMeanwhile, next);
      assertThat(stored.reannounce()).as(next.toString()).isEqualTo(cause);
      assertThat(stored.decide("a", AT_S1))
          .as(next.toString())
          .isEqualTo(new Decision.Announce(new Sighting("a", "main", "s1", "s1", cause)));
    }
    // an announcement in flight meanwhile: announced, and announced again with the cause
    AppWatch announced = AppWatch.settle(from, markedMeanwhile, from.announced("s2"));
    assertThat(announced.announcedSha()).isEqualTo("s2");
    assertThat(announced.reannounce()).isEqualTo(cause);

    // nothing happened meanwhile (or the app was never stored): the check's result as it is
    assertThat(AppWatch.settle(from, from, from.healthy())).isEqualTo(from.healthy());
    assertThat(AppWatch.settle(AppWatch.NEW, null, AppWatch.NEW.announced("s1")))
        .isEqualTo(AppWatch.NEW.announced("s1"));
  }
}
