package io.flotilla.gitwatcher.app;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs a poll every {@code flotilla.poll.interval}; a poll still running is never overlapped. */
@ApplicationScoped
public class PollSchedule {
  private final Watcher watcher;

  PollSchedule(Watcher watcher) {
    this.watcher = watcher;
  }

  @Scheduled(
      every = "${flotilla.poll.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    watcher.pollOnce();
  }
}
