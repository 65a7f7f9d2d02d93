package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flotilla's own deploy/kubernetes as a Kustomize app: the renderer's code renders overlays/dev for
 * a fleet-sim cluster and {@code flotilla diff} lists every object it would create. (Applying it
 * through the running pipeline is the end-to-end suite's business.)
 */
class SelfDeployDiffTest {
  @TempDir Path tmp;

  @Test
  void theDevOverlayShouldRenderAsAKustomizeAppAndPreviewAsCreates() throws Exception {
    Path creds = tmp.resolve("credentials");
    Files.createDirectories(creds);
    Path appRepo = tmp.resolve("flotilla-deploy");
    Path source = DeployManifestsTest.DEPLOY;
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f :
          files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Path target = appRepo.resolve("kubernetes").resolve(source.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    Path fleetRepo = tmp.resolve("fleet");
    try (Git app = Git.init().setDirectory(appRepo.toFile()).setInitialBranch("main").call();
        Git fleet = Git.init().setDirectory(fleetRepo.toFile()).setInitialBranch("main").call();
        FleetSim sim = FleetSim.start(FleetSimOptions.defaults(1).withOutDir(creds))) {
      app.add().addFilepattern(".").call();
      app.commit().setMessage("deploy").setAuthor("a", "a@x").setCommitter("a", "a@x").call();
      Files.createDirectories(fleetRepo.resolve("clusters"));
      Files.createDirectories(fleetRepo.resolve("apps"));
      Files.writeString(
          fleetRepo.resolve("clusters/sim-1.yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Cluster
          metadata: {name: sim-1, labels: {env: dev}}
          spec:
            kubeconfig: {secretRef: sim-1.kubeconfig}
          """);
      Files.writeString(
          fleetRepo.resolve("apps/flotilla.yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata: {name: flotilla}
          spec:
            source:
              repoURL: %s
              ref: main
              path: kubernetes/overlays/dev
              type: kustomize
            destination:
              namespace: flotilla
              clusterSelector: {matchLabels: {env: dev}}
          """
              .formatted(appRepo.toUri()));
      fleet.add().addFilepattern(".").call();
      fleet.commit().setMessage("fleet").setAuthor("a", "a@x").setCommitter("a", "a@x").call();

      Cli.Result r =
          Cli.run(
              Map.of(
                  "FLOTILLA_FLEET_REPO",
                  fleetRepo.toUri().toString(),
                  "FLOTILLA_CREDENTIALS_DIR",
                  creds.toString()),
              "diff",
              "flotilla",
              "--ref",
              "main",
              "--cache-dir",
              tmp.resolve("cache").toString());
      assertThat(r.err()).isEmpty();
      assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
      assertThat(r.out())
          .contains("cluster sim-1: 34 to create")
          .contains("  + create Deployment flotilla/applier\n")
          .contains("  + create KafkaTopic flotilla/flotilla.desired\n")
          .contains("  + create Namespace flotilla\n");
    }
  }
}
