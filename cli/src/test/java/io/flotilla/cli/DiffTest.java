package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla diff} against real Git repositories and two fleet-sim clusters holding what the
 * applier applied from {@code main} (objects with the ownership labels, and the app's inventory).
 * Branch {@code feature} changes one object, adds one and removes one.
 */
class DiffTest {
  @TempDir static Path tmp;
  static FleetSim sim;
  static Map<String, String> env;
  static String feature;

  static final String NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: guestbook
      """;
  static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: web-config
      data:
        greeting: hello
        color: blue
      """;
  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: web
                image: nginx:1.27.3
                ports:
                  - containerPort: 80
      """;
  static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector: {app: web}
        ports:
          - port: 80
            targetPort: 80
      """;
  static final String EXTRA =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: web-extra
      data:
        feature: "on"
      """;
  static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: web-secret
      stringData:
        password: hunter2
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Path creds = tmp.resolve("credentials");
    Files.createDirectories(creds);
    sim = FleetSim.start(FleetSimOptions.defaults(2).withOutDir(creds));

    Path appRepo = tmp.resolve("app-repo");
    try (Git git = Git.init().setDirectory(appRepo.toFile()).setInitialBranch("main").call()) {
      write(appRepo, "guestbook/namespace.yaml", NAMESPACE);
      write(appRepo, "guestbook/config.yaml", CONFIG);
      write(appRepo, "guestbook/deployment.yaml", DEPLOYMENT);
      write(appRepo, "guestbook/service.yaml", SERVICE);
      commit(git, "v1");
      git.checkout().setCreateBranch(true).setName("feature").call();
      write(appRepo, "guestbook/deployment.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 3"));
      write(appRepo, "guestbook/extra.yaml", EXTRA);
      git.rm().addFilepattern("guestbook/service.yaml").call();
      commit(git, "scale web, add a config map, drop the service");
      feature = git.getRepository().resolve("feature").name().substring(0, 7);
      git.checkout().setName("main").call();
      git.checkout().setCreateBranch(true).setName("with-secret").call();
      write(appRepo, "guestbook/secret.yaml", SECRET);
      commit(git, "add a secret");
      git.checkout().setName("main").call();
      git.checkout().setCreateBranch(true).setName("into-kube-system").call();
      write(
          appRepo,
          "guestbook/sneaky.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sneaky\n  namespace: kube-system\n");
      commit(git, "a config map in kube-system");
      git.checkout().setName("main").call();
    }

    Path fleetRepo = tmp.resolve("fleet-repo");
    try (Git git = Git.init().setDirectory(fleetRepo.toFile()).setInitialBranch("main").call()) {
      for (String c : new String[] {"sim-1", "sim-2"}) {
        write(
            fleetRepo,
            "clusters/" + c + ".yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Cluster
            metadata:
              name: %s
              labels: {env: prod}
            spec:
              kubeconfig:
                secretRef: %s.kubeconfig
            """
                .formatted(c, c));
      }
      write(
          fleetRepo,
          "apps/guestbook.yaml",
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata:
            name: guestbook
          spec:
            source:
              repoURL: %s
              ref: main
              path: guestbook
            destination:
              namespace: guestbook
              clusterSelector: {matchLabels: {env: prod}}
            syncPolicy:
              automated: true
              prune: true
          """
              .formatted(appRepo.toUri().toString()));
      commit(git, "fleet");
    }

    // what the applier left on both clusters after syncing main
    for (String c : new String[] {"sim-1", "sim-2"}) {
      try (KubernetesClient k = sim.cluster(c).newClient()) {
        for (String yaml : new String[] {NAMESPACE, CONFIG, DEPLOYMENT, SERVICE}) {
          GenericKubernetesResource r =
              k.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
          if (!r.getKind().equals("Namespace")) {
            r.getMetadata().setNamespace("guestbook");
          }
          r.getMetadata()
              .setLabels(
                  new HashMap<>(
                      Map.of(
                          "app.kubernetes.io/managed-by",
                          "flotilla",
                          "flotilla.io/app",
                          "guestbook")));
          k.resource(r).fieldManager("flotilla").forceConflicts().serverSideApply();
        }
        GenericKubernetesResource inventory =
            k.getKubernetesSerialization()
                .unmarshal(
                    """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: flotilla-inventory-guestbook
                      namespace: guestbook
                      labels: {app.kubernetes.io/managed-by: flotilla, flotilla.io/inventory-of: guestbook}
                    data:
                      objects: |
                        apps/v1 Deployment guestbook web
                        v1 ConfigMap guestbook web-config
                        v1 Namespace - guestbook
                        v1 Service guestbook web
                    """,
                    GenericKubernetesResource.class);
        k.resource(inventory).fieldManager("flotilla").forceConflicts().serverSideApply();
      }
    }
    env =
        Map.of(
            "FLOTILLA_FLEET_REPO", fleetRepo.toUri().toString(),
            "FLOTILLA_CREDENTIALS_DIR", creds.toString());
  }

  @AfterAll
  static void tearDown() {
    if (sim != null) {
      sim.close();
    }
  }

  private static void write(Path repo, String path, String content) throws Exception {
    Path f = repo.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
  }

  private static void commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage(message)
        .setAuthor("Alice", "alice@example.com")
        .setCommitter("Alice", "alice@example.com")
        .call();
  }

  private Cli.Result diff(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "diff";
    System.arraycopy(args, 0, all, 1, args.length);
    Map<String, String> e = new HashMap<>(env);
    return Cli.run(e, concat(all, "--cache-dir", tmp.resolve("cache").toString()));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theBranchThatIsLiveShouldShowNoChangesAndExit0() {
    Cli.Result r = diff("guestbook", "--ref", "main");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("cluster sim-1: no changes (4 objects up to date)");
    assertThat(r.exit()).isZero();
  }

  @Test
  void aBranchThatChangesAddsAndRemovesShouldShowEachPerClusterAndExit1() {
    Cli.Result r = diff("guestbook", "--ref", "feature");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
    String cluster =
        """

        cluster %s: 1 to create, 1 to change, 1 to prune
          ~ change Deployment guestbook/web
              --- live
              +++ feature
              @@ -7,7 +7,7 @@
                   app.kubernetes.io/managed-by: flotilla
                   flotilla.io/app: guestbook
               spec:
              -  replicas: 2
              +  replicas: 3
                 selector:
                   matchLabels:
                     app: web
          + create ConfigMap guestbook/web-extra
              + apiVersion: v1
              + kind: ConfigMap
              + metadata:
              +   name: web-extra
              +   namespace: guestbook
              +   labels:
              +     app.kubernetes.io/managed-by: flotilla
              +     flotilla.io/app: guestbook
              + data:
              +   feature: "on"
          - prune Service guestbook/web
        """;
    assertThat(r.out())
        .isEqualTo(
            "diff of guestbook at feature ("
                + feature
                + ") against the live state of 2 clusters\n"
                + cluster.formatted("sim-1")
                + cluster.formatted("sim-2"));
  }

  @Test
  void aBranchThatCannotBeRenderedShouldNameTheFileAndExit2() {
    Cli.Result r = diff("guestbook", "--ref", "with-secret", "--cluster", "sim-1");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out())
        .contains("cluster sim-1: error\n  error: render failed: guestbook/secret.yaml:1: ")
        .contains("Secret 'web-secret' is refused")
        .doesNotContain("hunter2");
    assertThat(r.err()).isEqualTo("error: some clusters could not be previewed (see above)\n");
  }

  @Test
  void aBranchWritingIntoASystemNamespaceShouldBeRefusedAsTheRendererWould() {
    Cli.Result r = diff("guestbook", "--ref", "into-kube-system", "--cluster", "sim-1");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out())
        .contains("cluster sim-1: error\n  error: render failed: ConfigMap 'sneaky' in namespace")
        .contains("may not use namespace 'kube-system', a Kubernetes system namespace");
  }

  @Test
  void anUnknownRefOrAppShouldExit2WithAClearMessage() {
    Cli.Result ref = diff("guestbook", "--ref", "no-such-branch");
    assertThat(ref.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(ref.err()).startsWith("error: no branch or tag 'no-such-branch' in file:");
    Cli.Result app = diff("nope", "--ref", "main");
    assertThat(app.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(app.err())
        .isEqualTo("error: no application 'nope' in the fleet repo (apps: guestbook)\n");
  }

  @Test
  void markdownShouldBeReadyForAMergeRequestComment() {
    Cli.Result r =
        diff("guestbook", "--ref", "feature", "--format", "markdown", "--cluster", "sim-2");
    assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
    assertThat(r.out())
        .startsWith(
            "### Flotilla diff: `guestbook` at `feature` (`"
                + feature
                + "`)\n\n| cluster | create | change | prune | unchanged |\n|---|---:|---:|---:|---:|\n"
                + "| sim-2 | 1 | 1 | 1 | 2 |\n\n#### sim-2\n\n")
        .contains(
            """
            <details><summary><b>change</b> <code>Deployment guestbook/web</code></summary>

            ```diff
            --- live
            +++ feature
            @@ -7,7 +7,7 @@
            """)
        .contains("-  replicas: 2\n+  replicas: 3\n")
        .endsWith("- <b>prune</b> <code>Service guestbook/web</code>\n");
  }
}
