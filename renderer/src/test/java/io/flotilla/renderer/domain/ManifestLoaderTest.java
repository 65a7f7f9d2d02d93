package io.flotilla.renderer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per folder under {@code cases/}: {@code repo/} holds the repository's files, {@code
 * spec.yaml} the application (optional), {@code expected.yaml} either the exact {@code resources}
 * or the {@code failed} file, line and words of the reason.
 */
class ManifestLoaderTest {
  private static final ObjectMapper YAML = new YAMLMapper();

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(casesDir())) {
      return dirs
          .filter(d -> "yaml".equals(type(d)) && !hasVariants(d)) // with variants: GoldenRenderTest
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  static boolean hasVariants(Path caseDir) {
    try {
      return read(caseDir.resolve("spec.yaml")).has("variants");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The case's source type ({@code spec.yaml}'s {@code type}, default yaml). */
  static String type(Path caseDir) {
    try {
      return read(caseDir.resolve("spec.yaml")).path("type").asText("yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldRenderCaseAsExpected(String name) throws IOException {
    Path dir = casesDir().resolve(name);
    JsonNode spec = read(dir.resolve("spec.yaml"));
    JsonNode expected = read(dir.resolve("expected.yaml"));

    RenderResult result =
        ManifestLoader.render(
            files(dir.resolve("repo")),
            new RenderSpec(
                "guestbook",
                spec.path("path").asText("guestbook"),
                spec.path("namespace").asText("guestbook"),
                spec.path("allowEmpty").asBoolean(false),
                spec.path("maxBundleBytes").asLong(1_048_576)));

    if (expected.has("resources")) {
      assertThat(result).isInstanceOf(RenderResult.Rendered.class);
      RenderResult.Rendered rendered = (RenderResult.Rendered) result;
      // every object carries the ownership labels; the expected files leave them out
      assertThat(rendered.resources())
          .allSatisfy(
              r ->
                  assertThat(labels(r))
                      .containsEntry("app.kubernetes.io/managed-by", "flotilla")
                      .containsEntry("flotilla.io/app", "guestbook"));
      assertThat(rendered.resources().stream().map(ManifestLoaderTest::withoutOwnership).toList())
          .isEqualTo(YAML.convertValue(expected.get("resources"), List.class));
      assertThat(rendered.bundleHash()).isEqualTo(Bundle.hash(rendered.resources()));
    } else {
      assertThat(result).isInstanceOf(RenderResult.Failed.class);
      RenderResult.Failed failed = (RenderResult.Failed) result;
      JsonNode want = expected.get("failed");
      assertThat(failed.file()).isEqualTo(want.path("file").asText(null));
      assertThat(failed.line()).isEqualTo(want.has("line") ? want.get("line").asInt() : null);
      want.path("reasonContains").forEach(w -> assertThat(failed.reason()).contains(w.asText()));
      want.path("reasonLacks").forEach(w -> assertThat(failed.reason()).doesNotContain(w.asText()));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> labels(Map<String, Object> object) {
    return (Map<String, Object>) ((Map<String, Object>) object.get("metadata")).get("labels");
  }

  /** A deep copy of {@code object} without the two ownership labels (nor an emptied labels map). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutOwnership(Map<String, Object> object) {
    Map<String, Object> copy = (Map<String, Object>) MergePatch.apply(Map.of(), object);
    Map<String, Object> meta = (Map<String, Object>) copy.get("metadata");
    Map<String, Object> labels = (Map<String, Object>) meta.get("labels");
    labels.remove("app.kubernetes.io/managed-by");
    labels.remove("flotilla.io/app");
    if (labels.isEmpty()) {
      meta.remove("labels");
    }
    return copy;
  }

  static Map<String, String> files(Path repo) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              f -> {
                try {
                  files.put(repo.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return files;
  }

  static JsonNode read(Path file) throws IOException {
    return Files.exists(file) ? YAML.readTree(file.toFile()) : YAML.createObjectNode();
  }

  static Path casesDir() {
    try {
      return Path.of(ManifestLoaderTest.class.getResource("/cases").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
