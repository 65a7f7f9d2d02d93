package io.flotilla.gitwatcher.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong();
  final RateLimiter limiter = new RateLimiter(10, 20, nanos::get);

  @Test
  void shouldAllowTheBurstThenRefuseUntilTokensRefill() {
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("10.0.0.1")).as("call %d", i).isTrue();
    }
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();

    nanos.addAndGet(100_000_000); // 100 ms at 10/s: one token
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
  }

  @Test
  void shouldSayHowLongToWaitForTheNextToken() {
    RateLimiter slow = new RateLimiter(0.25, 1, nanos::get);
    assertThat(slow.tryAcquire("10.0.0.1")).isTrue();
    assertThat(slow.tryAcquire("10.0.0.1")).isFalse();

    assertThat(slow.retryAfterSeconds("10.0.0.1")).isEqualTo(4);
    nanos.addAndGet(3_500_000_000L);
    assertThat(slow.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
    assertThat(limiter.retryAfterSeconds("never-seen")).isEqualTo(1);
  }

  @Test
  void eachSourceShouldHaveItsOwnBucket() {
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire("10.0.0.1");
    }

    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
  }

  @Test
  void bucketShouldNeverHoldMoreThanTheBurst() {
    nanos.addAndGet(3_600_000_000_000L);
    limiter.tryAcquire("a");
    nanos.addAndGet(3_600_000_000_000L);
    int allowed = 0;
    while (limiter.tryAcquire("a")) {
      allowed++;
    }
    assertThat(allowed).isEqualTo(20);
  }

  @Test
  void shouldRefuseANonsenseConfiguration() {
    assertThatThrownBy(() -> new RateLimiter(0, 20, nanos::get))
        .hasMessageContaining("positive rate");
  }
}
