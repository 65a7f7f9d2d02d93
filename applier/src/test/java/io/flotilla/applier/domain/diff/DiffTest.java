package io.flotilla.applier.domain.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffTest {

  @Test
  void shouldNameAKeyWithDotsOrSlashesInBracketsAndAPlainKeyAfterADot() {
    Map<String, Object> desired =
        Map.of(
            "metadata",
            Map.of(
                "labels", Map.of("app.kubernetes.io/name", "web", "tier", "front", "a_b-1", "x")));
    Map<String, Object> live =
        Map.of(
            "metadata",
            Map.of(
                "labels", Map.of("app.kubernetes.io/name", "api", "tier", "back", "a_b-1", "y")));

    assertThat(Diff.differences(desired, live))
        .containsExactlyInAnyOrder(
            "metadata.labels[\"app.kubernetes.io/name\"]",
            "metadata.labels.tier",
            "metadata.labels.a_b-1");
  }

  @Test
  void shouldMatchWhenLiveHasExtraFields() {
    assertThat(
            Diff.differences(
                Map.of("spec", Map.of("replicas", 2)),
                Map.of("spec", Map.of("replicas", 2, "paused", false), "status", Map.of())))
        .isEmpty();
  }

  @Test
  void shouldIgnoreStatusAndServerMetadataTheDesiredObjectCarries() {
    Map<String, Object> desired =
        Map.of(
            "metadata", Map.of("name", "a", "resourceVersion", "1"),
            "status", Map.of("ready", true));
    Map<String, Object> live = Map.of("metadata", Map.of("name", "a", "resourceVersion", "9"));

    assertThat(Diff.differences(desired, live)).isEmpty();
  }

  @Test
  void shouldTreatEmptyOrNullDesiredValuesAsMatchingAnAbsentField() {
    Map<String, Object> desired = new HashMap<>();
    desired.put("data", Map.of());
    desired.put("items", List.of());
    desired.put("note", null);

    assertThat(Diff.differences(desired, Map.of())).isEmpty();
  }

  @Test
  void shouldReportAFieldTheLiveObjectLacks() {
    assertThat(
            Diff.differences(
                Map.of("spec", Map.of("template", Map.of("spec", Map.of("hostNetwork", true)))),
                Map.of("spec", Map.of("template", Map.of("spec", Map.of("dnsPolicy", "Default"))))))
        .containsExactly("spec.template.spec.hostNetwork");
  }

  @Test
  void shouldReportTheHighestPathTheLiveObjectLacks() {
    assertThat(
            Diff.differences(
                Map.of("spec", Map.of("template", Map.of("spec", Map.of("hostNetwork", true)))),
                Map.of("spec", Map.of())))
        .containsExactly("spec.template");
  }

  @Test
  void shouldReportATypeChange() {
    assertThat(Diff.differences(Map.of("port", "80"), Map.of("port", 80))).containsExactly("port");
  }

  @Test
  void shouldReportDriftWithValuesButRedactSecretData() {
    Map<String, Object> desired =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Secret",
            "metadata",
            Map.of("name", "db", "labels", Map.of("tier", "db")),
            "data",
            Map.of("password", "b2xk"));
    Map<String, Object> live =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Secret",
            "metadata",
            Map.of("name", "db", "labels", Map.of("tier", "cache")),
            "data",
            Map.of("password", "bmV3"));

    assertThat(Diff.drift(desired, live))
        .containsExactly(
            new Diff.Difference("metadata.labels.tier", "db", "cache"),
            new Diff.Difference("data.password", Diff.REDACTED, Diff.REDACTED));
  }

  @Test
  void metadataDriftShouldCompareOnlyMetadataAndAcceptAHead() {
    Map<String, Object> desired =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web", "labels", Map.of("tier", "front")),
            "spec",
            Map.of("replicas", 2));
    Map<String, Object> head =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web", "labels", Map.of("tier", "back"), "generation", 3));

    assertThat(Diff.metadataDrift(desired, head))
        .containsExactly(new Diff.Difference("metadata.labels.tier", "front", "back"));
    assertThat(
            Diff.metadataDrift(
                desired,
                Map.of("metadata", Map.of("name", "web", "labels", Map.of("tier", "front")))))
        .as("spec is not looked at: the head has none")
        .isEmpty();
  }
}
