package io.flotilla.gitwatcher.app;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs a poll every {@code flotilla.poll.interval}, each started after a random delay of up to
 * {@code flotilla.poll.jitter}, so that many watchers (or many Flotillas) do not hit a Git host in
 * step; a poll still running is never overlapped.
 */
@ApplicationScoped
public class PollSchedule {
  private final Watcher watcher;
  private final Duration jitter;

  PollSchedule(Watcher watcher, @ConfigProperty(name = "flotilla.poll.jitter") Duration jitter) {
    this.watcher = watcher;
    this.jitter = jitter;
  }

  @Scheduled(
      every = "${flotilla.poll.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() throws InterruptedException {
    if (!jitter.isZero()) {
      Thread.sleep(ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1));
    }
    watcher.pollOnce();
  }
}
