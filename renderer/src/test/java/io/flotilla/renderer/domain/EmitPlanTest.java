package io.flotilla.renderer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.Keys;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmitPlanTest {
  private static final Person ALICE = new Person("Alice", "alice@example.com");
  private static final List<Map<String, Object>> RESOURCES =
      List.of(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "cm")));

  @Test
  void shouldGiveEveryTargetClusterTheSameDesiredState() {
    var rendered = Bundle.of(RESOURCES);

    List<DesiredEvent> events =
        EmitPlan.events("guestbook", "abc123", ALICE, "gb", List.of("sim-2", "sim-3"), rendered);

    assertThat(events)
        .containsExactly(
            new DesiredState(
                "guestbook", "sim-2", "abc123", "gb", RESOURCES, rendered.bundleHash(), ALICE),
            new DesiredState(
                "guestbook", "sim-3", "abc123", "gb", RESOURCES, rendered.bundleHash(), ALICE));
    assertThat(events).extracting(Keys::of).containsExactly("sim-2/guestbook", "sim-3/guestbook");
  }

  @Test
  void shouldGiveEveryTargetClusterTheSameFailureAndNoDesiredState() {
    var failed = new RenderResult.Failed("gb/app.yaml", 7, "malformed YAML: boom");

    List<DesiredEvent> events =
        EmitPlan.events("guestbook", "abc123", ALICE, "gb", List.of("sim-2", "sim-3"), failed);

    assertThat(events)
        .containsExactly(
            new RenderFailed(
                "guestbook", "sim-2", "abc123", "gb/app.yaml", 7, "malformed YAML: boom", ALICE),
            new RenderFailed(
                "guestbook", "sim-3", "abc123", "gb/app.yaml", 7, "malformed YAML: boom", ALICE));
  }

  @Test
  void shouldEmitNothingWithoutTargetClusters() {
    assertThat(EmitPlan.events("guestbook", "abc123", ALICE, "gb", List.of(), Bundle.of(RESOURCES)))
        .isEmpty();
  }

  @Test
  void shouldLeaveTheNamespaceOutWhenTheApplicationHasNone() {
    List<DesiredEvent> events =
        EmitPlan.events("guestbook", "abc123", ALICE, "", List.of("sim-1"), Bundle.of(RESOURCES));

    assertThat(((DesiredState) events.get(0)).namespace()).isNull();
  }
}
