package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HostBackoffTest {
  static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void failingHostShouldBackOffExponentiallyUpToTheMaximumAndOthersNot() {
    // jitter source fixed at its top: each delay is the whole step
    HostBackoff backoff =
        new HostBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60), () -> 0.999999);
    String bad = "https://git.bad.example/team/apps.git";

    backoff.failed(bad, T0);
    assertThat(backoff.mayCheck(bad, T0.plusSeconds(4))).isFalse();
    assertThat(backoff.mayCheck("https://alice:x@GIT.BAD.example/other.git", T0.plusSeconds(4)))
        .as("same host, other repo, other case and credentials")
        .isFalse();
    assertThat(backoff.mayCheck("https://git.good.example/apps.git", T0)).isTrue();
    assertThat(backoff.mayCheck(bad, T0.plusSeconds(5))).isTrue();

    backoff.failed(bad, T0); // 10 s
    backoff.failed(bad, T0); // 20 s
    backoff.failed(bad, T0); // 40 s
    backoff.failed(bad, T0); // 80 s, capped at 60
    assertThat(backoff.notBefore(bad)).isBetween(T0.plusSeconds(59), T0.plusSeconds(60));

    backoff.succeeded(bad);
    assertThat(backoff.mayCheck(bad, T0)).isTrue();
  }

  @Test
  void jitterShouldKeepEachDelayBetweenHalfAndAllOfItsStep() {
    HostBackoff low = new HostBackoff(Duration.ofSeconds(8), Duration.ofMinutes(5), () -> 0.0);
    low.failed("git@github.com:org/repo.git", T0);
    assertThat(low.notBefore("ssh://git@github.com/org/other.git")).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void shouldFindTheHostOfEveryUrlForm() {
    assertThat(HostBackoff.host("https://u:p@Git.Example.com:8443/a.git"))
        .isEqualTo("git.example.com");
    assertThat(HostBackoff.host("ssh://git@example.com:22/a.git")).isEqualTo("example.com");
    assertThat(HostBackoff.host("git@example.com:org/a.git")).isEqualTo("example.com");
    assertThat(HostBackoff.host("file:///srv/git/a.git")).isEqualTo("file:///srv/git/a.git");
  }
}
