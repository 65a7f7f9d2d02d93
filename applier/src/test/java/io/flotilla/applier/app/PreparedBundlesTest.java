package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.events.DesiredState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedBundlesTest {
  private final PreparedBundles prepared = new PreparedBundles();
  private final SharedBundles shared = new SharedBundles();

  @Test
  void shouldPrepareAsDesiredObjectsDoes() {
    DesiredState desired = Bundles.guestbook("sim-1", Bundles.REVISION_1, 2);

    assertThat(prepared.of(desired))
        .isEqualTo(DesiredObjects.prepare(desired.app(), desired.namespace(), desired.resources()));
  }

  @Test
  void shouldPrepareABundleSharedBySeveralClustersOnce() {
    DesiredState one = shared.share(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    DesiredState two = shared.share(Bundles.guestbook("sim-2", Bundles.REVISION_1, 2));

    List<DesiredObject> first = prepared.of(one);

    assertThat(prepared.of(two)).isSameAs(first);
    assertThat(prepared.of(one)).isSameAs(first);
    assertThat(prepared.size()).isEqualTo(1);
  }

  @Test
  void shouldNotShareBetweenEqualButSeparateBundlesOrOtherNamespaces() {
    DesiredState one = Bundles.guestbook("sim-1", Bundles.REVISION_1, 2);
    DesiredState copy = Bundles.guestbook("sim-2", Bundles.REVISION_1, 2);
    DesiredState elsewhere =
        new DesiredState(
            one.app(),
            one.cluster(),
            one.revision(),
            "other-namespace",
            one.resources(),
            one.bundleHash(),
            one.author());

    List<DesiredObject> first = prepared.of(one);

    assertThat(prepared.of(copy)).isNotSameAs(first).isEqualTo(first);
    assertThat(prepared.of(elsewhere)).isNotEqualTo(first);
    assertThat(prepared.size()).isEqualTo(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldHandOutObjectsNoCallerCanChange() {
    Map<String, Object> object =
        prepared.of(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2)).get(0).object();

    assertThatThrownBy(() -> object.put("spec", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    assertThatThrownBy(() -> metadata.remove("labels"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
