package io.flotilla.renderer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleTest {
  private static final RenderSpec SPEC =
      new RenderSpec("guestbook", "app", "prod", false, 1_048_576);

  private static RenderResult.Rendered render(String yaml) {
    return (RenderResult.Rendered) ManifestLoader.render(Map.of("app/m.yaml", yaml), SPEC);
  }

  @Test
  void shouldHashTheSameBundleWhateverTheKeyOrderOfTheFiles() {
    RenderResult.Rendered a =
        render(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm, labels: {a: "1", b: "2"}}
            data: {x: "1", y: "2"}
            """);
    RenderResult.Rendered b =
        render(
            """
            data: {y: "2", x: "1"}
            metadata: {labels: {b: "2", a: "1"}, name: cm}
            kind: ConfigMap
            apiVersion: v1
            """);

    assertThat(a.bundleHash()).isEqualTo(b.bundleHash()).matches("[0-9a-f]{64}");
    assertThat(a.bytes()).isEqualTo(b.bytes());
  }

  @Test
  void shouldHashADifferentBundleDifferently() {
    String base = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {x: \"%s\"}\n";

    assertThat(render(base.formatted("1")).bundleHash())
        .isNotEqualTo(render(base.formatted("2")).bundleHash());
  }

  @Test
  void shouldRenderTheSameFilesToTheSameHashEveryTime() {
    Map<String, String> files =
        Map.of(
            "app/b.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}",
            "app/a.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}");

    RenderResult.Rendered first = (RenderResult.Rendered) ManifestLoader.render(files, SPEC);
    RenderResult.Rendered second =
        (RenderResult.Rendered) ManifestLoader.render(new java.util.TreeMap<>(files), SPEC);

    assertThat(first.bundleHash()).isEqualTo(second.bundleHash());
    assertThat(first.resources())
        .extracting(r -> (Object) ((Map<?, ?>) r.get("metadata")).get("name"))
        .containsExactly("a", "b");
  }

  @Test
  void shouldAcceptABundleOfExactlyTheLimit() {
    String yaml = "{apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}";
    long size = render(yaml).bytes();

    RenderResult atLimit =
        ManifestLoader.render(
            Map.of("app/m.yaml", yaml), new RenderSpec("guestbook", "app", "prod", false, size));
    RenderResult overLimit =
        ManifestLoader.render(
            Map.of("app/m.yaml", yaml),
            new RenderSpec("guestbook", "app", "prod", false, size - 1));

    assertThat(atLimit).isInstanceOf(RenderResult.Rendered.class);
    assertThat(overLimit).isInstanceOf(RenderResult.Failed.class);
  }
}
