package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleet.Application;
import io.flotilla.renderer.domain.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile repositories: each is refused with a reason naming the repository, the revision and the
 * path, every target cluster gets a RenderFailed, and none gets a DesiredState.
 */
class HardeningTest extends HostileRenderFixture {
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

    // refused from the node graph, before its 490 million values are built
    assertRefused(
        yamlApp("guestbook"),
        "guestbook/lol.yaml",
        "expands to about 490329059 values, more than 4194304",
        "aliases");
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
}
