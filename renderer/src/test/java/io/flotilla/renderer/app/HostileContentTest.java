package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.fleet.Application;
import io.flotilla.renderer.domain.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile content (invalid UTF-8, too many files, objects over Kubernetes' size limit or in a
 * namespace the app may not use, a chart reading outside itself, unsigned commits): refused or
 * harmless, and nothing is applied.
 */
class HostileContentTest extends HostileRenderFixture {
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
}
