package io.flotilla.applier.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * A semaphore that never blocks: {@link #acquire()} returns a stage that completes once a permit is
 * free. It bounds the records in flight so the Kafka consumer is paused (back-pressure) instead of
 * queueing without limit, without blocking the event loop that delivers records.
 */
public final class AsyncPermits {
  private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int available;

  public AsyncPermits(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + permits);
    }
    this.available = permits;
  }

  public CompletableFuture<Void> acquire() {
    synchronized (waiting) {
      if (available > 0) {
        available--;
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> ticket = new CompletableFuture<>();
      waiting.add(ticket);
      return ticket;
    }
  }

  public void release() {
    CompletableFuture<Void> next;
    synchronized (waiting) {
      next = waiting.poll();
      if (next == null) {
        available++;
      }
    }
    if (next != null) {
      next.complete(null);
    }
  }

  public int available() {
    synchronized (waiting) {
      return available;
    }
  }
}
