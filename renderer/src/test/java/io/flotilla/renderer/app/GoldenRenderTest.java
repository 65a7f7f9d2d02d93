package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flotilla.events.EventCodec;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.LabelSelector;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.domain.MergePatch;
import io.flotilla.renderer.domain.Patch;
import io.flotilla.renderer.domain.RenderResult;
import io.flotilla.renderer.tools.HelmJava;
import io.flotilla.renderer.tools.KubectlKustomize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden corpus: every {@code cases/<case>/} whose {@code spec.yaml} lists {@code variants} is
 * rendered through the whole renderer (checkout, the real Kustomize and Helm, finishing) once per
 * variant, and compared with {@code expected-<variant>.yaml}: the exact objects and the bundle hash
 * (a hash written by another JVM on another day: rendering is deterministic), or the failure.
 * Rendering again without the cache must give byte-identical JSON.
 *
 * <p>{@code -Dgolden.update=true} rewrites the expected files; review the diff before committing.
 */
class GoldenRenderTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TempDir static Path work;

  static Stream<String> cases() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(casesDir())) {
      for (Path d : dirs.sorted().toList()) {
        JsonNode spec = read(d.resolve("spec.yaml"));
        spec.path("variants")
            .fieldNames()
            .forEachRemaining(v -> out.add(d.getFileName() + "/" + v));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldRenderTheCorpusExactlyAsTheGoldenFiles(String name) throws Exception {
    String caseName = name.substring(0, name.indexOf('/'));
    String variantName = name.substring(name.indexOf('/') + 1);
    Path dir = casesDir().resolve(caseName);
    JsonNode spec = read(dir.resolve("spec.yaml"));
    Application app = app(spec);
    Variant variant = variant(app, spec.path("variants").path(variantName));
    MapRepos repos = load(dir.resolve("repo"));

    RenderResult first = render(repos, app, variant);
    RenderResult second = render(repos, app, variant);

    Path expectedFile = dir.resolve("expected-" + variantName + ".yaml");
    if (UPDATE && first instanceof RenderResult.Rendered r) {
      Map<String, Object> golden = new LinkedHashMap<>();
      golden.put("bundleHash", r.bundleHash());
      golden.put("resources", r.resources());
      YAML.writeValue(expectedFile.toFile(), golden);
    }
    JsonNode expected = read(expectedFile);
    if (expected.has("resources")) {
      assertThat(first).isInstanceOf(RenderResult.Rendered.class);
      RenderResult.Rendered rendered = (RenderResult.Rendered) first;
      assertThat(rendered.resources())
          .isEqualTo(YAML.convertValue(expected.get("resources"), List.class));
      assertThat(rendered.bundleHash()).isEqualTo(expected.get("bundleHash").asText());
      assertThat(EventCodec.canonical(((RenderResult.Rendered) second).resources()))
          .isEqualTo(EventCodec.canonical(rendered.resources()));
    } else {
      assertThat(first).as("%s", first).isInstanceOf(RenderResult.Failed.class);
      RenderResult.Failed failed = (RenderResult.Failed) first;
      JsonNode want = expected.get("failed");
      if (want.has("file")) {
        assertThat(failed.file()).isEqualTo(want.get("file").asText());
      }
      want.path("reasonContains").forEach(w -> assertThat(failed.reason()).contains(w.asText()));
      assertThat(second).isEqualTo(first);
    }
  }

  /** A fresh renderer (empty cache) each time, so both renders really run. */
  private static RenderResult render(MapRepos repos, Application app, Variant variant) {
    RenderSettings settings =
        new RenderSettings(
            "/flotilla/renderer/test", Limits.DEFAULT, Duration.ofSeconds(60), 1, 16);
    VariantRenderer renderer =
        new VariantRenderer(
            new KubectlKustomize("kubectl", work.resolve("scratch")),
            new HelmJava(work.resolve("scratch"), work.resolve("jna")),
            settings,
            new RenderCache(16));
    try (RepoTree tree = repos.open("file:///srv/git/corpus.git", "0".repeat(40))) {
      return renderer.render(tree, app, variant);
    }
  }

  @SuppressWarnings("unchecked")
  static Application app(JsonNode spec) {
    List<String> valuesFiles = new ArrayList<>();
    spec.path("valuesFiles").forEach(v -> valuesFiles.add(v.asText()));
    Map<String, Object> values =
        spec.has("values") ? YAML.convertValue(spec.get("values"), Map.class) : Map.of();
    return new Application(
        spec.path("app").asText("guestbook"),
        "file:///srv/git/corpus.git",
        "main",
        Application.RefType.BRANCH,
        spec.path("path").asText(),
        spec.path("type").asText("yaml"),
        spec.path("namespace").asText(),
        new LabelSelector(Map.of(), List.of()),
        Application.SyncPolicy.DEFAULT,
        null,
        new Application.Helm(values, valuesFiles),
        List.of(),
        null,
        null);
  }

  @SuppressWarnings("unchecked")
  static Variant variant(Application app, JsonNode v) {
    Map<String, Object> values = new LinkedHashMap<>(app.helm().values());
    if (v.has("helmValues")) {
      values =
          (Map<String, Object>)
              MergePatch.apply(values, YAML.convertValue(v.get("helmValues"), Map.class));
    }
    List<Patch> patches = new ArrayList<>();
    v.path("patches")
        .forEach(
            p ->
                patches.add(
                    new Patch(
                        p.get("kind").asText(),
                        p.hasNonNull("name") ? p.get("name").asText() : null,
                        YAML.convertValue(p.get("patch"), Map.class))));
    return new Variant(
        v.path("path").asText(app.path()), app.helm().valuesFiles(), values, patches);
  }

  static MapRepos load(Path repo) throws IOException {
    MapRepos repos = new MapRepos();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path f : walk.sorted().toList()) {
        String rel = repo.relativize(f).toString().replace('\\', '/');
        if (Files.isSymbolicLink(f)) {
          repos.link(rel, Files.readSymbolicLink(f).toString());
        } else if (Files.isRegularFile(f)) {
          repos.files.put(rel, Files.readAllBytes(f));
        }
      }
    }
    return repos;
  }

  static JsonNode read(Path file) {
    try {
      return Files.exists(file) ? YAML.readTree(file.toFile()) : YAML.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path casesDir() {
    try {
      return Path.of(GoldenRenderTest.class.getResource("/cases").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
