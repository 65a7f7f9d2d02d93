package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncPermitsTest {

  @Test
  void shouldHoldTheNextAcquireUntilAPermitIsReleased() {
    AsyncPermits permits = new AsyncPermits(1);
    CompletableFuture<Void> first = permits.acquire();
    CompletableFuture<Void> second = permits.acquire();

    assertThat(first).isDone();
    assertThat(second).isNotDone();

    permits.release();

    assertThat(second).isDone();
    assertThat(permits.available()).isZero();
    permits.release();
    assertThat(permits.available()).isEqualTo(1);
  }
}
