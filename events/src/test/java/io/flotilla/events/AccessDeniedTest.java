package io.flotilla.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What a refused request publishes, and how the rate limit keeps a flood off Kafka. */
class AccessDeniedTest {
  static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  @Test
  void shouldBeFleetWideWithTheRemoteAddressAsActor() {
    AccessDenied denied =
        new AccessDenied(
            "auditor", "GET", "/api/v1/audit", "127.0.0.1", AccessDenied.MISSING_TOKEN, T0, 0);
    assertThat(Keys.of(denied)).isEqualTo("*");
    assertThat(denied.subject()).isEqualTo("*");
    assertThat(denied.author().display()).isEqualTo("anonymous@127.0.0.1");
    assertThat(EventType.of(denied).topic()).isEqualTo(Topics.CONTROL);
    String json =
        new EventCodec()
            .encode(CloudEvent.of(denied, "/flotilla/auditor/h", java.time.Clock.systemUTC()));
    assertThat(json).doesNotContain("suppressed").doesNotContain("author");
  }

  @Test
  void reasonShouldSayMissingOnlyWithoutAnAuthorizationHeader() {
    assertThat(AccessDenied.reasonFor(null)).isEqualTo(AccessDenied.MISSING_TOKEN);
    assertThat(AccessDenied.reasonFor(" ")).isEqualTo(AccessDenied.MISSING_TOKEN);
    assertThat(AccessDenied.reasonFor("Bearer nope")).isEqualTo(AccessDenied.UNKNOWN_TOKEN);
    assertThat(AccessDenied.reasonFor("Basic Zm9vOmJhcg==")).isEqualTo(AccessDenied.UNKNOWN_TOKEN);
    assertThatThrownBy(() -> new AccessDenied("applier", "POST", "/x", "h", "Bearer s3cret", T0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'reason' must be");
  }

  @Test
  void aFloodFromOneAddressShouldPublishTheBurstThenOneEveryRefillCountingTheRest() {
    AccessDenied.Throttle throttle =
        new AccessDenied.Throttle(3, Duration.ofSeconds(10), 100, Duration.ofMillis(1), 100);
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.admit("10.0.0.1", T0)).hasValue(0);
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(throttle.admit("10.0.0.1", T0.plusMillis(i))).isEmpty();
    }
    // another address is not held back by the first one's flood
    assertThat(throttle.admit("10.0.0.2", T0.plusSeconds(1))).hasValue(0);
    // one refill period later: one more event, saying how many were left out
    assertThat(throttle.admit("10.0.0.1", T0.plusSeconds(10))).hasValue(1000);
    assertThat(throttle.admit("10.0.0.1", T0.plusSeconds(11))).isEmpty();
    assertThat(throttle.admit("10.0.0.1", T0.plusSeconds(20))).hasValue(1);
  }

  @Test
  void manyAddressesShouldShareOneGlobalLimitAndBeForgottenOldestFirst() {
    AccessDenied.Throttle throttle =
        new AccessDenied.Throttle(5, Duration.ofSeconds(10), 10, Duration.ofSeconds(1), 50);
    int published = 0;
    for (int i = 0; i < 1000; i++) {
      OptionalInt admitted = throttle.admit("10.0." + (i / 250) + "." + (i % 250), T0);
      if (admitted.isPresent()) {
        published++;
      }
    }
    assertThat(published).isEqualTo(10);
    assertThat(throttle.admit("192.168.0.1", T0.plusSeconds(1))).hasValue(0);
    assertThat(throttle.admit("192.168.0.2", T0.plusSeconds(1))).isEmpty();
  }
}
