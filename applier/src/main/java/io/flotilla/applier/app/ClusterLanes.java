package io.flotilla.applier.app;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One serial lane per (app, cluster) over a shared pool of {@code parallelism} threads, with at
 * most {@code perCluster} tasks of one cluster running at once. Tasks of one (app, cluster) start
 * in submission order, each after the previous one's stage completed (successfully or not); tasks
 * of other apps run in parallel, on the same cluster too (up to {@code perCluster}), so a cluster
 * with many apps is synced many apps at a time, and a slow cluster holds at most {@code perCluster}
 * threads while the others go on.
 *
 * <p>A task is a supplier run on a pool thread (it may block: syncs call the cluster) returning a
 * stage that completes later (the Kafka acknowledgement of its result). The cluster's slot is freed
 * when the supplier returns; the lane waits for the stage without holding a thread or a slot.
 */
public final class ClusterLanes implements AutoCloseable {
  private final ExecutorService pool;
  private final int perCluster;
  private final Map<String, CompletableFuture<?>> tails = new HashMap<>();
  private final Map<String, AsyncPermits> slots = new ConcurrentHashMap<>();

  public ClusterLanes(int parallelism, int perCluster) {
    if (parallelism < 1) {
      throw new IllegalArgumentException(
          "FLOTILLA_APPLY_PARALLELISM must be at least 1, was " + parallelism);
    }
    if (perCluster < 1) {
      throw new IllegalArgumentException(
          "FLOTILLA_CLUSTER_MAX_IN_FLIGHT must be at least 1, was " + perCluster);
    }
    this.pool = Executors.newFixedThreadPool(parallelism, threads());
    this.perCluster = perCluster;
  }

  /**
   * Runs {@code task} after every task submitted earlier for ({@code app}, {@code cluster}) has
   * completed, once the cluster has a free slot.
   */
  public <T> CompletableFuture<T> submit(
      String cluster, String app, Supplier<? extends CompletionStage<T>> task) {
    String key = cluster + "\n" + app;
    AsyncPermits clusterSlots = slots.computeIfAbsent(cluster, c -> new AsyncPermits(perCluster));
    CompletableFuture<T> result;
    synchronized (tails) {
      CompletableFuture<?> previous =
          tails.getOrDefault(key, CompletableFuture.completedFuture(null));
      result =
          previous
              .handle((v, e) -> null)
              .thenCompose(ignored -> clusterSlots.acquire())
              .thenComposeAsync(
                  ignored -> {
                    try {
                      return task.get();
                    } finally {
                      clusterSlots.release();
                    }
                  },
                  pool);
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

  /** (app, cluster) lanes with a task queued or running. */
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
    return DaemonThreads.numbered("flotilla-apply");
  }
}
