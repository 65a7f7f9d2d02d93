package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterLanesTest {
  private final ClusterLanes lanes = new ClusterLanes(2);
  private final List<String> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    lanes.close();
  }

  @Test
  void shouldRunOneClustersTasksInOrderAndOthersMeanwhile() throws Exception {
    CompletableFuture<Void> firstAckOfA = new CompletableFuture<>();
    CompletableFuture<String> a1 = lanes.submit("a", () -> start("a1", firstAckOfA));
    CompletableFuture<String> a2 = lanes.submit("a", () -> start("a2", done()));
    CompletableFuture<String> b1 = lanes.submit("b", () -> start("b1", done()));

    assertThat(b1.get(10, TimeUnit.SECONDS)).isEqualTo("b1");
    assertThat(started).containsExactlyInAnyOrder("a1", "b1");
    assertThat(a2).isNotDone();

    firstAckOfA.complete(null);

    assertThat(a2.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
    assertThat(a1).isCompletedWithValue("a1");
    assertThat(started.indexOf("a1")).isLessThan(started.indexOf("a2"));
  }

  @Test
  void shouldMoveOnAfterAFailedTask() throws Exception {
    CompletableFuture<String> failed =
        lanes.submit(
            "a",
            () -> {
              throw new IllegalStateException("boom");
            });
    CompletableFuture<String> next = lanes.submit("a", () -> start("a2", done()));

    assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
    assertThat(failed).isCompletedExceptionally();
    await().atMost(10, TimeUnit.SECONDS).until(() -> lanes.busyLanes() == 0);
  }

  private CompletableFuture<String> start(String name, CompletableFuture<Void> ack) {
    started.add(name);
    return ack.thenApply(v -> name);
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
