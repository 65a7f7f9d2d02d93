package io.flotilla.cli.preview;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.output.Formats;
import io.flotilla.cli.preview.Preview.ClusterPreview;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.NamespaceGuard;
import io.flotilla.renderer.domain.RenderResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code flotilla diff}: the fleet, the app rendered at a ref per cluster, each against live. */
public final class Diff {
  /** Where to read from. */
  public record Sources(String fleetRepo, String fleetRef, Path credentialsDir, Path cacheDir) {}

  private Diff() {}

  public static Preview run(Sources sources, String appName, String ref, String onlyCluster) {
    CredentialsDir credentials = new CredentialsDir(sources.credentialsDir());
    try (GitSide git = new GitSide(sources.cacheDir(), credentials)) {
      Fleet fleet = git.fleet(sources.fleetRepo(), sources.fleetRef());
      Application app =
          fleet
              .app(appName)
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCodes.USAGE,
                          "no application '"
                              + appName
                              + "' in the fleet repo (apps: "
                              + String.join(", ", fleet.apps().keySet())
                              + ")"));
      List<Cluster> targets =
          fleet.targets(app).stream()
              .filter(c -> onlyCluster == null || c.name().equals(onlyCluster))
              .toList();
      if (targets.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE,
            onlyCluster == null
                ? "app " + appName + " targets no cluster in the fleet"
                : "app " + appName + " does not target cluster " + onlyCluster);
      }
      String sha = git.resolve(app, ref);
      Previewer previewer = new Previewer(Formats::yaml);
      List<ClusterPreview> clusters = new ArrayList<>();
      NamespaceGuard guard = NamespaceGuard.of(fleet, app);
      for (Cluster cluster : targets) {
        clusters.add(cluster(git, previewer, guard, app, sha, cluster, credentials));
      }
      return new Preview(appName, ref, sha, clusters);
    }
  }

  private static ClusterPreview cluster(
      GitSide git,
      Previewer previewer,
      NamespaceGuard guard,
      Application app,
      String sha,
      Cluster cluster,
      CredentialsDir credentials) {
    RenderResult rendered = git.render(app, sha, cluster);
    if (rendered instanceof RenderResult.Failed f) {
      return new ClusterPreview(
          cluster.name(),
          List.of(),
          0,
          "render failed: "
              + (f.file() == null ? "" : f.file() + (f.line() == null ? "" : ":" + f.line()) + ": ")
              + f.reason());
    }
    RenderResult.Rendered r = (RenderResult.Rendered) rendered;
    // The renderer refuses the same (RenderService): a preview must not show a clean diff for it.
    Optional<String> trespass = guard.violation(r.resources());
    if (trespass.isPresent()) {
      return new ClusterPreview(cluster.name(), List.of(), 0, "render failed: " + trespass.get());
    }
    try (KubeLive live = new KubeLive(cluster, credentials)) {
      String ns =
          app.namespace() == null || app.namespace().isBlank() ? "default" : app.namespace();
      Optional<java.util.Map<String, Object>> inventory =
          live.get("v1", "ConfigMap", ns, "flotilla-inventory-" + app.name());
      return previewer.preview(
          cluster.name(),
          r.resources(),
          Previewer.inventory(inventory.orElse(null)),
          app.syncPolicy().prune(),
          live);
    } catch (CliException e) {
      return new ClusterPreview(cluster.name(), List.of(), 0, e.getMessage());
    } catch (RuntimeException e) {
      return new ClusterPreview(cluster.name(), List.of(), 0, String.valueOf(e.getMessage()));
    }
  }
}
