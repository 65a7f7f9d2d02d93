package io.flotilla.applier.app;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One serial lane per key (cluster) over a shared pool of {@code parallelism} threads. Tasks of one
 * key start in submission order, each after the previous one's stage completed (successfully or
 * not); tasks of different keys run in parallel, at most {@code parallelism} at once.
 *
 * <p>A task is a supplier run on a pool thread (it may block: syncs call the cluster) returning a
 * stage that completes later (the Kafka acknowledgement of its result). The lane waits for that
 * stage without holding a thread.
 */
public final class ClusterLanes implements AutoCloseable {
  private final ExecutorService pool;
  private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

  public ClusterLanes(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "FLOTILLA_APPLY_PARALLELISM must be at least 1, was " + parallelism);
    }
    this.pool = Executors.newFixedThreadPool(parallelism, threads());
  }

  /** Runs {@code task} after every task submitted earlier for {@code key} has completed. */
  public <T> CompletableFuture<T> submit(String key, Supplier<? extends CompletionStage<T>> task) {
    CompletableFuture<T> result;
    synchronized (tails) {
      CompletableFuture<?> previous =
          tails.getOrDefault(key, CompletableFuture.completedFuture(null));
      result = previous.handle((v, e) -> null).thenComposeAsync(ignored -> task.get(), pool);
      tails.put(key, result);
    }
    CompletableFuture<T> mine = result;
    result.whenComplete(
        (v, e) -> {
          synchronized (tails) {
            tails.remove(key, mine);
          }
        });
    return result;
  }

  /** Keys with a task queued or running. */
  public int busyLanes() {
    synchronized (tails) {
      return tails.size();
    }
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "flotilla-apply-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
