package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleet.git.HttpGitServer;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff} of an app whose repository needs the credential its app names (credentialsRef). */
class DiffPrivateRepoTest {
  static final String TOKEN = "tok-" + UUID.randomUUID();
  @TempDir Path tmp;

  @Test
  void aPrivateAppRepoShouldBeReadWithItsCredentialWhichNeverShows() throws Exception {
    Path creds = tmp.resolve("credentials");
    Files.createDirectories(creds);
    Files.writeString(creds.resolve("apps-token"), "deployer:" + TOKEN);
    Path appRepo = tmp.resolve("app");
    try (Git git = Git.init().setDirectory(appRepo.toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(appRepo.resolve("web"));
      Files.writeString(
          appRepo.resolve("web/cm.yaml"),
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("v1").setAuthor("a", "a@x").setCommitter("a", "a@x").call();
    }
    try (HttpGitServer server = new HttpGitServer("deployer", TOKEN);
        FleetSim sim = FleetSim.start(FleetSimOptions.defaults(1).withOutDir(creds))) {
      String url = server.serve("apps", appRepo.resolve(".git"));
      Path fleetRepo = tmp.resolve("fleet");
      try (Git git = Git.init().setDirectory(fleetRepo.toFile()).setInitialBranch("main").call()) {
        Files.createDirectories(fleetRepo.resolve("clusters"));
        Files.createDirectories(fleetRepo.resolve("apps"));
        Files.writeString(
            fleetRepo.resolve("clusters/sim-1.yaml"),
            "apiVersion: flotilla.io/v1\nkind: Cluster\nmetadata: {name: sim-1, labels: {env: prod}}\n"
                + "spec: {kubeconfig: {secretRef: sim-1.kubeconfig}}\n");
        Files.writeString(
            fleetRepo.resolve("apps/web.yaml"),
            """
            apiVersion: flotilla.io/v1
            kind: Application
            metadata: {name: web}
            spec:
              source: {repoURL: %s, ref: main, path: web, credentialsRef: apps-token}
              destination: {namespace: web, clusterSelector: {matchLabels: {env: prod}}}
            """
                .formatted(url));
        git.add().addFilepattern(".").call();
        git.commit().setMessage("fleet").setAuthor("a", "a@x").setCommitter("a", "a@x").call();
      }
      Cli.Result r =
          Cli.run(
              Map.of(
                  "FLOTILLA_FLEET_REPO", fleetRepo.toUri().toString(),
                  "FLOTILLA_CREDENTIALS_DIR", creds.toString()),
              "diff",
              "web",
              "--ref",
              "main",
              "--cache-dir",
              tmp.resolve("cache").toString());
      assertThat(r.err()).isEmpty();
      assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
      assertThat(r.out())
          .contains("cluster sim-1: 1 to create")
          .contains("  + create ConfigMap web/web\n");
      assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }
  }
}
