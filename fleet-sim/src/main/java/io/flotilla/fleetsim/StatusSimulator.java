package io.flotilla.fleetsim;

import java.time.Clock;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only "controller" fleet-sim runs: some time after a Deployment or StatefulSet is created or
 * its spec changes, it writes the status a real controller would eventually report ({@link
 * WorkloadStatus}). It creates no ReplicaSets or Pods. One scheduler serves all clusters.
 */
final class StatusSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(StatusSimulator.class);

  private final ScheduledExecutorService scheduler;
  private final long delayMs;
  private final Clock clock;

  StatusSimulator(ScheduledExecutorService scheduler, long delayMs, Clock clock) {
    this.scheduler = scheduler;
    this.delayMs = delayMs;
    this.clock = clock;
  }

  /** Simulates workload status for the cluster served by {@code dispatcher}. */
  void attach(String cluster, SimDispatcher dispatcher) {
    dispatcher.onWorkloadChanged(path -> schedule(cluster, dispatcher, path));
  }

  private void schedule(String cluster, SimDispatcher dispatcher, String objectPath) {
    try {
      scheduler.schedule(
          () -> refresh(cluster, dispatcher, objectPath), delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: fleet-sim is closing, no status for {}", cluster, objectPath, e);
    }
  }

  private void refresh(String cluster, SimDispatcher dispatcher, String objectPath) {
    try {
      if (!dispatcher.replaceStatus(objectPath, o -> WorkloadStatus.of(o, clock.instant()))) {
        LOG.debug("{}: {} was deleted before its status was simulated", cluster, objectPath);
      }
    } catch (RuntimeException e) {
      LOG.error("{}: simulating the status of {} failed", cluster, objectPath, e);
    }
  }
}
