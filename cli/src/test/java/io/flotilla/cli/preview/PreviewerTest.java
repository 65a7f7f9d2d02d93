package io.flotilla.cli.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.cli.output.Formats;
import io.flotilla.cli.preview.Preview.Action;
import io.flotilla.cli.preview.Preview.ClusterPreview;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreviewerTest {
  final Previewer previewer = new Previewer(Formats::yaml);

  static Map<String, Object> object(
      String apiVersion, String kind, String name, Map<String, Object> rest) {
    Map<String, Object> o = new HashMap<>(rest);
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.put("metadata", new HashMap<>(Map.of("name", name, "namespace", "ns")));
    return o;
  }

  static Previewer.LiveState live(Map<String, Object>... objects) {
    return (apiVersion, kind, namespace, name) -> {
      for (Map<String, Object> o : objects) {
        Previewer.Ref r = Previewer.Ref.of(o);
        if (r.kind().equals(kind) && r.name().equals(name)) {
          return Optional.of(o);
        }
      }
      return Optional.empty();
    };
  }

  @Test
  void shouldIgnoreFieldsTheDesiredObjectDoesNotSet() {
    Map<String, Object> desired =
        object("apps/v1", "Deployment", "web", Map.of("spec", Map.of("replicas", 2)));
    Map<String, Object> live =
        object(
            "apps/v1",
            "Deployment",
            "web",
            Map.of(
                "spec",
                Map.of("replicas", 2L, "revisionHistoryLimit", 10),
                "status",
                Map.of("readyReplicas", 2)));
    ClusterPreview p = previewer.preview("c", List.of(desired), List.of(), true, live(live));
    assertThat(p.changes()).isEmpty();
    assertThat(p.unchanged()).isEqualTo(1);
  }

  @Test
  void shouldNeverPrintSecretValuesButSayWhichKeysChange() {
    String b64 = Base64.getEncoder().encodeToString("old-password".getBytes());
    Map<String, Object> desired =
        object(
            "v1",
            "Secret",
            "db",
            Map.of("stringData", Map.of("password", "new-password", "user", "app")));
    Map<String, Object> live =
        object(
            "v1",
            "Secret",
            "db",
            Map.of(
                "data",
                Map.of(
                    "password",
                    b64,
                    "user",
                    Base64.getEncoder().encodeToString("app".getBytes()))));
    ClusterPreview p = previewer.preview("c", List.of(desired), List.of(), true, live(live));
    assertThat(p.changes()).hasSize(1);
    String text = String.join("\n", p.changes().get(0).lines());
    assertThat(text)
        .contains("-  password: (redacted)")
        .contains("+  password: \"(redacted, changed)\"")
        .contains("   user: (redacted)")
        .doesNotContain("new-password")
        .doesNotContain(b64)
        .doesNotContain(Base64.getEncoder().encodeToString("new-password".getBytes()));

    ClusterPreview created = previewer.preview("c", List.of(desired), List.of(), true, live());
    assertThat(String.join("\n", created.changes().get(0).lines()))
        .contains("password: (redacted)")
        .doesNotContain("new-password");
  }

  @Test
  void shouldPruneOnlyWhatTheInventoryListsAndLeaveItWhenTheAppDoesNotPrune() {
    Map<String, Object> old = object("v1", "Service", "old", Map.of());
    Map<String, Object> kept = object("v1", "ConfigMap", "kept", Map.of());
    ((Map<String, Object>) kept.get("metadata"))
        .put("annotations", Map.of("flotilla.io/prune", "false"));
    List<Previewer.Ref> inventory =
        Previewer.inventory(
            Map.of(
                "data",
                Map.of(
                    "objects", "v1 Service ns old\nv1 ConfigMap ns kept\nv1 Service ns gone\n")));
    ClusterPreview pruning = previewer.preview("c", List.of(), inventory, true, live(old, kept));
    assertThat(pruning.changes())
        .extracting(Preview.Change::action, Preview.Change::object)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Action.PRUNE, "Service ns/old"),
            org.assertj.core.groups.Tuple.tuple(Action.RETAIN, "ConfigMap ns/kept"));
    assertThat(pruning.wouldWrite()).isTrue();

    ClusterPreview notPruning =
        previewer.preview("c", List.of(), inventory, false, live(old, kept));
    assertThat(notPruning.changes()).extracting(Preview.Change::action).containsOnly(Action.RETAIN);
    assertThat(notPruning.wouldWrite()).isFalse();
  }

  @Test
  void lineDiffShouldProduceUnifiedHunks() {
    List<String> a = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    List<String> b = List.of("a", "b", "c", "d", "E", "f", "g", "h", "i", "j", "k");
    assertThat(LineDiff.unified(a, b))
        .containsExactly(
            "@@ -2,9 +2,10 @@", " b", " c", " d", "-e", "+E", " f", " g", " h", " i", " j", "+k");
    assertThat(LineDiff.unified(a, a)).isEmpty();
  }
}
