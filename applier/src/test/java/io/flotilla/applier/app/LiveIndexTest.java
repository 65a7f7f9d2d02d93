package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.applier.domain.ObjectRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveIndexTest {
  private static final ObjectRef WEB = new ObjectRef("apps/v1", "Deployment", "shop", "web");
  private static final ObjectRef API = new ObjectRef("apps/v1", "Deployment", "shop", "api");
  private final LiveIndex index = new LiveIndex();

  private static Map<String, Object> after(long generation, String resourceVersion) {
    return Map.of("metadata", Map.of("generation", generation, "resourceVersion", resourceVersion));
  }

  @Test
  void shouldKnowNothingAbsentUntilTheWatchOfThatKindWasListed() {
    assertThat(index.absent("c1", WEB)).isFalse();
    LiveIndex.View view = index.opened("c1", "apps/v1", "Deployment");
    assertThat(index.absent("c1", WEB)).isFalse();

    view.listed(List.of(API));

    assertThat(index.absent("c1", WEB)).isTrue();
    assertThat(index.absent("c1", API)).isFalse();
    assertThat(index.absent("c2", WEB)).as("another cluster").isFalse();
  }

  @Test
  void shouldFollowEventsAndThisInstancesWrites() {
    LiveIndex.View view = index.opened("c1", "apps/v1", "Deployment");
    view.listed(List.of());

    view.seen(WEB, false);
    assertThat(index.absent("c1", WEB)).isFalse();
    view.seen(WEB, true);
    assertThat(index.absent("c1", WEB)).isTrue();
    index.written("c1", WEB, after(3, "17"));
    assertThat(index.absent("c1", WEB)).isFalse();
    assertThat(index.appliedGeneration("c1", WEB)).isEqualTo(3);
    assertThat(index.asApplied("c1", WEB, "17")).isTrue();
    assertThat(index.asApplied("c1", WEB, "18")).isFalse();
  }

  @Test
  void shouldKnowAnObjectApplyingUntilEveryApplyOfItIsOverAndRecordItsAnswer() {
    index.opened("c1", "apps/v1", "Deployment").listed(List.of());
    SyncExecutor.Writes first = index.writes("c1");
    SyncExecutor.Writes second = index.writes("c1");

    first.applying(WEB);
    second.applying(WEB); // two syncs of apps that both declare it
    assertThat(index.applying("c1", WEB)).isTrue();
    assertThat(index.applying("c2", WEB)).as("another cluster").isFalse();
    assertThat(index.applying("c1", API)).isFalse();

    first.answered(WEB, after(2, "40"));
    first.settled(WEB);
    assertThat(index.applying("c1", WEB)).as("the other apply is still out").isTrue();
    assertThat(index.asApplied("c1", WEB, "40")).isTrue();
    second.settled(WEB); // failed: no answer
    assertThat(index.applying("c1", WEB)).isFalse();
    assertThat(index.asApplied("c1", WEB, "40")).isTrue();
  }

  @Test
  void shouldForgetAKindWhoseWatchClosedButNotItsSuccessor() {
    LiveIndex.View first = index.opened("c1", "apps/v1", "Deployment");
    first.listed(List.of());
    LiveIndex.View second = index.opened("c1", "apps/v1", "Deployment");

    index.closed("c1", "apps/v1", "Deployment", first); // the old one ending late
    second.listed(List.of());
    assertThat(index.absent("c1", WEB)).isTrue();

    index.closed("c1", "apps/v1", "Deployment", second);
    assertThat(index.absent("c1", WEB)).isFalse();
    assertThat(index.view("c1", WEB)).isNull();
  }
}
