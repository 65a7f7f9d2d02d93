package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.LabelSelector;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.tools.HelmJava;
import io.flotilla.renderer.tools.KubectlKustomize;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile repositories: each is refused with a reason naming the repository, the revision and the
 * path, every target cluster gets a RenderFailed, and none gets a DesiredState.
 */
class HardeningTest {
  private static final String REPO = "file:///srv/git/hostile.git";
  private static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
  private static final Person MALLORY = new Person("Mallory", "mallory@example.com");
  private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\n";

  @TempDir Path work;

  private final MapRepos repo = new MapRepos();
  private final List<CloudEvent<DesiredEvent>> published = new ArrayList<>();
  private Limits limits = Limits.DEFAULT;
  private String kubectl = "kubectl";

  @Test
  void shouldRefuseASymlinkLeavingTheRepository() {
    repo.put("guestbook/cm.yaml", CM.formatted("a"))
        .link("guestbook/evil.yaml", "../../etc/passwd");

    assertRefused(yamlApp("guestbook"), "guestbook/evil.yaml", "outside the repository");
  }

  @Test
  void shouldRefuseASymlinkLeavingTheAppPath() {
    repo.put("other/secret.yaml", CM.formatted("s"))
        .link("guestbook/cm.yaml", "../other/secret.yaml");

    assertRefused(yamlApp("guestbook"), "guestbook/cm.yaml", "outside guestbook/");
  }

  @Test
  void shouldRefuseAValuesFileSymlinkedOutOfTheAppPath() {
    repo.put("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
        .put("secrets/prod.yaml", "password: hunter2\n")
        .link("values/prod.yaml", "../secrets/prod.yaml");
    Application app =
        app(
            "web",
            "charts/web",
            "helm",
            new Application.Helm(Map.of(), List.of("values/prod.yaml")));

    assertRefused(app, "values/prod.yaml", "outside charts/web/");
  }

  @Test
  void shouldRefuseADeclaredPathWithDotDot() {
    repo.put("guestbook/cm.yaml", CM.formatted("a"));

    assertRefused(yamlApp("guestbook/../other"), "guestbook/../other", "'..'");
  }

  @Test
  void shouldRefuseAKustomizationClimbingOutOfTheRepository() {
    repo.put("app/kustomization.yaml", "resources: [../../../etc/kubernetes]\n");

    assertRefused(
        app("app", "app", "kustomize", Application.Helm.NONE),
        "app/kustomization.yaml",
        "leaves the repository");
  }

  @Test
  void shouldRefuseAFileOverThePerFileLimit() {
    limits = new Limits(1_000, 32L << 20, 5_000, 1L << 20, 50, 1 << 20);
    repo.put(
        "guestbook/big.yaml", CM.formatted("big") + "data: {x: '" + "x".repeat(2_000) + "'}\n");

    assertRefused(yamlApp("guestbook"), "guestbook/big.yaml", "over the per-file limit of 1000");
  }

  @Test
  void shouldRefuseARenderReadingMoreThanThePerRenderLimit() {
    limits = new Limits(1_000, 2_500, 5_000, 1L << 20, 50, 1 << 20);
    for (int i = 0; i < 5; i++) {
      repo.put("guestbook/cm" + i + ".yaml", CM.formatted("cm" + i) + "# " + "x".repeat(700));
    }

    assertRefused(yamlApp("guestbook"), "guestbook/cm3.yaml", "more than 2500 bytes of input");
  }

  @Test
  void shouldRefuseMoreObjectsThanTheLimit() {
    limits = new Limits(4L << 20, 32L << 20, 3, 1L << 20, 50, 1 << 20);
    repo.put(
        "guestbook/cms.yaml",
        String.join(
            "---\n", CM.formatted("a"), CM.formatted("b"), CM.formatted("c"), CM.formatted("d")));

    assertRefused(yamlApp("guestbook"), null, "4 objects, over the limit of 3");
  }

  @Test
  void shouldRefuseAYamlAliasBomb() {
    StringBuilder bomb =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
    bomb.append(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'i'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      bomb.append("]\n");
      prev = String.valueOf(c);
    }
    repo.put("guestbook/lol.yaml", bomb.toString());

    assertRefused(yamlApp("guestbook"), "guestbook/lol.yaml", "aliases");
  }

  @Test
  void shouldRefuseYamlNestedTooDeep() {
    repo.put(
        "guestbook/deep.yaml",
        CM.formatted("deep") + "data: " + "[".repeat(500) + "]".repeat(500) + "\n");

    assertRefused(yamlApp("guestbook"), "guestbook/deep.yaml", "Nesting Depth exceeded");
  }

  @Test
  void shouldKillAKustomizeBuildOverTheTimeLimit() throws Exception {
    Path pidFile = work.resolve("kubectl.pid");
    Path fake = work.resolve("slow-kubectl");
    Files.writeString(
        fake,
        """
        #!/bin/sh
        if [ "$1" = version ]; then
          echo '{"clientVersion":{"gitVersion":"v1.32.0"},"kustomizeVersion":"v5.5.0"}'
          exit 0
        fi
        echo $$ > %s
        exec sleep 60
        """
            .formatted(pidFile));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    kubectl = fake.toString();
    repo.put("app/kustomization.yaml", "resources: [cm.yaml]\n")
        .put("app/cm.yaml", CM.formatted("a"));

    assertRefused(
        app("app", "app", "kustomize", Application.Helm.NONE), null, "did not finish within PT1S");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void shouldRefuseInvalidUtf8NamingFileOffsetAndLine() {
    byte[] text = (CM.formatted("latin1") + "data: {name: 'caf").getBytes(StandardCharsets.UTF_8);
    byte[] bad = java.util.Arrays.copyOf(text, text.length + 3);
    bad[text.length] = (byte) 0xe9; // 'é' in ISO-8859-1, not UTF-8
    bad[text.length + 1] = '\'';
    bad[text.length + 2] = '}';
    repo.files.put("guestbook/latin1.yaml", bad);

    assertRefused(
        yamlApp("guestbook"),
        "guestbook/latin1.yaml",
        "is not valid UTF-8: byte 0xe9 at offset " + text.length + " (line 4)");
  }

  @Test
  void shouldRefuseAHundredThousandTinyFilesBeforeReadingThem() {
    repo.put("guestbook/cm.yaml", CM.formatted("a"));
    for (int i = 0; i < 100_000; i++) {
      repo.put("guestbook/junk/f" + i + ".txt", "x");
    }

    assertRefused(
        yamlApp("guestbook"),
        "guestbook/",
        "holds 100001 files; a render reads at most 10000 (FLOTILLA_MAX_FILES)");
  }

  @Test
  void shouldRefuseAFiveMebibyteConfigMapFileAtTheDefaultLimits() {
    repo.put(
        "guestbook/big.yaml", CM.formatted("big") + "data: {x: '" + "x".repeat(5 << 20) + "'}\n");

    assertRefused(
        yamlApp("guestbook"),
        "guestbook/big.yaml",
        "over the per-file limit of 4194304 bytes (FLOTILLA_MAX_FILE_BYTES)");
  }

  @Test
  void shouldRefuseAnObjectOverKubernetesOneMebibyteLimitEvenWhenTheBundleLimitAllowsIt() {
    limits = Limits.DEFAULT.withMaxBundleBytes(8L << 20);
    repo.put(
        "guestbook/big.yaml", CM.formatted("big") + "data: {x: '" + "x".repeat(2 << 20) + "'}\n");

    assertRefused(
        yamlApp("guestbook"),
        "guestbook/big.yaml",
        "ConfigMap 'big' is 2097",
        "over Kubernetes' limit of 1048576 bytes (1 MiB) per object");
  }

  @Test
  void shouldRefuseAnObjectInAnotherApplicationsNamespace() {
    repo.put("guestbook/cm.yaml", CM.formatted("a"))
        .put("guestbook/steal.yaml", CM.formatted("steal").replace("}", ", namespace: billing}"));

    assertRefused(
        yamlApp("guestbook"),
        null,
        "ConfigMap 'steal' in namespace 'billing' is refused: application 'guestbook' may not use"
            + " namespace 'billing', the destination namespace of application 'billing'");
  }

  @Test
  void shouldRefuseAnObjectInKubeSystemAndANamespaceObjectOfAnotherApp() {
    repo.put("guestbook/cm.yaml", CM.formatted("a").replace("}", ", namespace: kube-system}"));
    assertRefused(yamlApp("guestbook"), null, "a Kubernetes system namespace");

    published.clear();
    repo.replace(
        Map.of(
            "guestbook/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: billing}\n"));
    assertRefused(yamlApp("guestbook"), null, "Namespace 'billing' is refused");
  }

  @Test
  void shouldNotLetAHelmChartReadFilesOutsideItself() {
    repo.put("secret.txt", "hunter2-outside-the-chart")
        .put("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
        .put(
            "charts/web/templates/cm.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: leak}
            data:
              up: {{ .Files.Get "../../secret.txt" | quote }}
              abs: {{ .Files.Get "/etc/passwd" | quote }}
              glob: {{ .Files.Glob "../**" | len | quote }}
            """);
    Application app = app("web", "charts/web", "helm", Application.Helm.NONE);

    RenderService service = service(app);
    service.handle(commit(app));

    assertThat(published).hasSize(2);
    assertThat(published)
        .allSatisfy(
            e -> {
              assertThat(e.data()).isInstanceOf(io.flotilla.events.DesiredState.class);
              var d = (io.flotilla.events.DesiredState) e.data();
              assertThat(d.resources())
                  .singleElement()
                  .extracting(r -> r.get("data"))
                  .isEqualTo(Map.of("up", "", "abs", "", "glob", "0"));
            });
  }

  @Test
  void shouldRenderNothingForAnUnsignedOrStrangersCommitWhenSignaturesAreRequired() {
    repo.put("guestbook/cm.yaml", CM.formatted("a"));
    Application app = yamlApp("guestbook");
    RenderService service = service(app);

    for (var status :
        List.of(
            io.flotilla.events.Signature.Status.UNSIGNED,
            io.flotilla.events.Signature.Status.UNKNOWN_KEY,
            io.flotilla.events.Signature.Status.INVALID)) {
      Outcome outcome =
          service.handle(
              CloudEvent.of(
                  new CommitDetected(
                      app.name(),
                      REPO,
                      "main",
                      SHA,
                      null,
                      MALLORY,
                      MALLORY,
                      "x",
                      Clock.systemUTC().instant(),
                      false,
                      new io.flotilla.events.Signature(status, null, null, true),
                      null),
                  "/flotilla/git-watcher/test",
                  Clock.systemUTC()));

      assertThat(outcome).as("%s", status).isEqualTo(new Outcome.Ignored("signature not valid"));
    }
    assertThat(published).isEmpty();
    assertThat(repo.requests).as("the repository is not even read").isEmpty();
  }

  private static CloudEvent<CommitDetected> commit(Application app) {
    return CloudEvent.of(
        new CommitDetected(
            app.name(),
            REPO,
            "main",
            SHA,
            null,
            MALLORY,
            MALLORY,
            "x",
            Clock.systemUTC().instant()),
        "/flotilla/git-watcher/test",
        Clock.systemUTC());
  }

  private void assertRefused(Application app, String path, String... words) {
    RenderService service = service(app);

    service.handle(commit(app));

    assertThat(published)
        .extracting(CloudEvent::key)
        .containsExactly("sim-1/" + app.name(), "sim-2/" + app.name());
    assertThat(published)
        .allSatisfy(
            e -> {
              assertThat(e.data()).isInstanceOf(RenderFailed.class);
              RenderFailed f = (RenderFailed) e.data();
              assertThat(f.reason()).contains(REPO, SHA).contains(words);
              if (path != null) {
                assertThat(f.file()).isEqualTo(path);
                assertThat(f.reason()).contains(path);
              }
            });
  }

  private RenderService service(Application app) {
    Fleet fleet =
        Fleet.of(
            "fleet-rev",
            Map.of(
                "sim-1", new Cluster("sim-1", Map.of("env", "prod"), "k", null),
                "sim-2", new Cluster("sim-2", Map.of("env", "prod"), "k", null)),
            Map.of(
                app.name(),
                app,
                "billing",
                app("billing", "billing", "yaml", Application.Helm.NONE)));
    return new RenderService(
        () -> fleet,
        repo,
        published::addAll,
        new RendererMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        new RenderSettings("/flotilla/renderer/test", limits, Duration.ofSeconds(1), 2, 16),
        new KubectlKustomize(kubectl, work.resolve("scratch")),
        new HelmJava(work.resolve("scratch"), work.resolve("jna")));
  }

  private static Application yamlApp(String path) {
    return app("guestbook", path, "yaml", Application.Helm.NONE);
  }

  private static Application app(String name, String path, String type, Application.Helm helm) {
    return new Application(
        name,
        REPO,
        "main",
        Application.RefType.BRANCH,
        path,
        type,
        name,
        new LabelSelector(Map.of("env", "prod"), List.of()),
        Application.SyncPolicy.DEFAULT,
        null,
        helm,
        List.of(),
        null,
        null);
  }
}
