package io.flotilla.applier.app;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the applier's own pools: daemon threads, named for thread dumps. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Every thread called {@code name} (for a single-thread executor). */
  public static ThreadFactory named(String name) {
    return runnable -> daemon(runnable, name);
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> daemon(runnable, prefix + "-" + count.incrementAndGet());
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
