package io.flotilla.cli.commands;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.Flotilla;
import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.api.Views;
import io.flotilla.cli.domain.ClusterView;
import io.flotilla.cli.domain.ControlScope;
import io.flotilla.cli.domain.SyncProgress;
import io.flotilla.cli.output.Formats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Polling the applier's view until a sync converged or a pause/resume shows. */
final class Waits {
  private Waits() {}

  /** The targeted clusters of {@code app} in scope ({@code cluster} or all of them). */
  static List<ClusterView> clustersOf(Flotilla root, String app, String cluster) {
    List<ClusterView> all =
        Views.clusters(
            root.client().get(Service.APPLIER, "/api/v1/apps/" + ApiClient.segment(app), Map.of()));
    List<ClusterView> scoped =
        all.stream()
            .filter(ClusterView::targeted)
            .filter(c -> cluster == null || cluster.equals(c.cluster()))
            .toList();
    if (scoped.isEmpty()) {
      throw new CliException(
          ExitCodes.USAGE,
          cluster == null
              ? "app " + app + " targets no cluster: nothing to wait for"
              : "app " + app + " does not target cluster " + cluster);
    }
    return scoped;
  }

  /**
   * Polls until every cluster finished (see {@link SyncProgress}), printing each cluster as it
   * finishes and the count of clusters done. Returns the exit code.
   */
  static int converge(
      Flotilla root,
      String app,
      String cluster,
      List<ClusterView> before,
      String toRevision,
      Duration timeout,
      Duration interval) {
    PrintWriter out = root.out();
    SyncProgress progress = new SyncProgress(before, toRevision);
    Set<String> reported = new HashSet<>();
    Instant deadline = root.clock().instant().plus(timeout);
    int total = before.size();
    out.printf(
        "waiting for %d cluster%s (timeout %ds)%n",
        total, total == 1 ? "" : "s", timeout.toSeconds());
    while (true) {
      List<ClusterView> now = clustersOf(root, app, cluster);
      List<SyncProgress.Step> steps = progress.steps(now);
      boolean news = false;
      for (int i = 0; i < steps.size(); i++) {
        SyncProgress.Step s = steps.get(i);
        if (s.state() != SyncProgress.State.PENDING && reported.add(s.cluster())) {
          news = true;
          if (s.state() == SyncProgress.State.CONVERGED) {
            out.printf(
                "  ✓ %s synced %s%n", s.cluster(), Formats.shortSha(now.get(i).appliedRevision()));
          } else {
            out.printf("  ✗ %s %s%n", s.cluster(), s.reason());
          }
        }
      }
      long done = steps.size() - SyncProgress.count(steps, SyncProgress.State.PENDING);
      long failed = SyncProgress.count(steps, SyncProgress.State.FAILED);
      if (news) {
        out.printf("%d/%d clusters done, %d failed%n", done, steps.size(), failed);
      }
      if (SyncProgress.finished(steps)) {
        if (failed == 0) {
          out.printf("converged: %s on %d/%d clusters%n", app, steps.size(), steps.size());
          return ExitCodes.OK;
        }
        out.printf("not converged: %d of %d clusters failed%n", failed, steps.size());
        return ExitCodes.NEGATIVE;
      }
      if (!root.clock().instant().isBefore(deadline)) {
        List<String> pending =
            steps.stream()
                .filter(s -> s.state() == SyncProgress.State.PENDING)
                .map(SyncProgress.Step::cluster)
                .toList();
        out.printf(
            "timed out after %ds: %d/%d clusters done, still waiting for %s%n",
            timeout.toSeconds(), done, steps.size(), String.join(", ", pending));
        return ExitCodes.TIMEOUT;
      }
      root.sleep(interval);
    }
  }

  /** Polls until the applier shows the pause (or resume) on every pair in scope. */
  static int acknowledged(
      Flotilla root, ControlScope scope, boolean pausing, Duration timeout, Duration interval) {
    PrintWriter out = root.out();
    Instant deadline = root.clock().instant().plus(timeout);
    String what = pausing ? "paused" : "resumed";
    while (true) {
      List<ClusterView> views =
          Views.clusters(root.client().get(Service.APPLIER, "/api/v1/apps", Map.of()));
      List<ClusterView> inScope = scope.inScope(views);
      List<ClusterView> missing = scope.notYet(views, pausing);
      if (missing.isEmpty()) {
        out.printf(
            "acknowledged by the applier: %d app/cluster pair%s %s%n",
            inScope.size(), inScope.size() == 1 ? "" : "s", what);
        inScope.forEach(
            c ->
                out.printf(
                    "  %s on %s: %s%n",
                    c.app(), c.cluster(), c.paused() == null ? c.syncState() : c.paused()));
        return ExitCodes.OK;
      }
      if (!root.clock().instant().isBefore(deadline)) {
        out.printf(
            "not acknowledged after %ds: %d of %d pairs not %s yet:%n",
            timeout.toSeconds(), missing.size(), inScope.size(), what);
        missing.forEach(
            c ->
                out.printf(
                    "  %s on %s: %s%n",
                    c.app(), c.cluster(), c.paused() == null ? c.syncState() : c.paused()));
        if (!pausing) {
          out.println(
              "  (a resume lifts only holds within its scope: a pause of --all needs resume --all)");
        }
        return ExitCodes.NEGATIVE;
      }
      root.sleep(interval);
    }
  }
}
