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
  private final ClusterLanes lanes = new ClusterLanes(4, 2);
  private final List<String> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    lanes.close();
  }

  @Test
  void shouldRunOneAppsTasksOnAClusterInOrderAndOthersMeanwhile() throws Exception {
    CompletableFuture<Void> firstAckOfA = new CompletableFuture<>();
    CompletableFuture<String> a1 = lanes.submit("c1", "a", () -> start("a1", firstAckOfA));
    CompletableFuture<String> a2 = lanes.submit("c1", "a", () -> start("a2", done()));
    CompletableFuture<String> b1 = lanes.submit("c2", "b", () -> start("b1", done()));

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
            "c1",
            "a",
            () -> {
              throw new IllegalStateException("boom");
            });
    CompletableFuture<String> next = lanes.submit("c1", "a", () -> start("a2", done()));

    assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("a2");
    assertThat(failed).isCompletedExceptionally();
    await().atMost(10, TimeUnit.SECONDS).until(() -> lanes.busyLanes() == 0);
  }

  @Test
  void shouldSyncSeveralAppsOfOneClusterAtOnceUpToItsLimit() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    CompletableFuture<Void> bothRunning = new CompletableFuture<>();
    CopyOnWriteArrayList<String> running = new CopyOnWriteArrayList<>();
    java.util.function.Function<String, CompletableFuture<String>> blocking =
        name -> {
          running.add(name);
          if (running.size() == 2) {
            bothRunning.complete(null);
          }
          release.join(); // holds its thread and its cluster slot, as a sync does
          return CompletableFuture.completedFuture(name);
        };
    CompletableFuture<String> x = lanes.submit("c1", "x", () -> blocking.apply("x"));
    CompletableFuture<String> y = lanes.submit("c1", "y", () -> blocking.apply("y"));
    CompletableFuture<String> z = lanes.submit("c1", "z", () -> start("z", done()));
    CompletableFuture<String> other = lanes.submit("c2", "w", () -> start("w", done()));

    bothRunning.get(10, TimeUnit.SECONDS);
    assertThat(other.get(10, TimeUnit.SECONDS))
        .as("another cluster goes on while c1 uses both its slots")
        .isEqualTo("w");
    assertThat(z).as("a third app of c1 waits for a slot").isNotDone();
    assertThat(started).doesNotContain("z");

    release.complete(null);

    // z may finish before the threads of x and y have completed their futures: wait for each.
    assertThat(z.get(10, TimeUnit.SECONDS)).isEqualTo("z");
    assertThat(x.get(10, TimeUnit.SECONDS)).isEqualTo("x");
    assertThat(y.get(10, TimeUnit.SECONDS)).isEqualTo("y");
  }

  private CompletableFuture<String> start(String name, CompletableFuture<Void> ack) {
    started.add(name);
    return ack.thenApply(v -> name);
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
