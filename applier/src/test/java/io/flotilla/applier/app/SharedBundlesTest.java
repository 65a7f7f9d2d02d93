package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.DesiredState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedBundlesTest {
  private final SharedBundles bundles = new SharedBundles();

  @Test
  void shouldKeepOneCopyOfABundleRenderedAlikeForSeveralClusters() {
    // two decodings of the same bundle, as two Kafka records give them
    DesiredState first = bundles.share(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    DesiredState second = Bundles.guestbook("sim-2", Bundles.REVISION_1, 2);
    assertThat(second.resources()).isNotSameAs(first.resources());

    DesiredState shared = bundles.share(second);

    assertThat(shared.resources()).isSameAs(first.resources());
    assertThat(shared).isEqualTo(second); // nothing else changes: cluster, revision, hash, author
    assertThat(shared.cluster()).isEqualTo("sim-2");
    assertThat(bundles.size()).isEqualTo(1);
  }

  @Test
  void shouldNotShareABundleThatOnlyClaimsTheSameHash() {
    DesiredState honest = bundles.share(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    DesiredState other = Bundles.guestbook("sim-2", Bundles.REVISION_1, 5);
    DesiredState forged =
        new DesiredState(
            other.app(),
            other.cluster(),
            other.revision(),
            other.namespace(),
            other.resources(),
            honest.bundleHash(),
            other.author());

    DesiredState kept = bundles.share(forged);

    assertThat(kept.resources()).isSameAs(forged.resources()).isNotEqualTo(honest.resources());
  }

  @Test
  void shouldForgetABundleNoPairRefersToAnyMore() throws InterruptedException {
    for (int replicas = 0; replicas < 2048; replicas++) {
      bundles.share(Bundles.guestbook("sim-1", Bundles.REVISION_1, replicas));
    }
    List<DesiredState> alive = new ArrayList<>();
    alive.add(bundles.share(Bundles.guestbook("sim-1", Bundles.REVISION_2, 9999)));
    System.gc();
    Thread.sleep(100);
    for (int replicas = 10_000; replicas < 10_000 + 1024; replicas++) {
      bundles.share(Bundles.guestbook("sim-1", Bundles.REVISION_1, replicas));
    }

    // the 2,048 unreferenced bundles were swept; the referenced one is still shared
    assertThat(bundles.size()).isLessThan(2048 + 1024);
    assertThat(bundles.share(Bundles.guestbook("sim-2", Bundles.REVISION_2, 9999)).resources())
        .isSameAs(alive.get(0).resources());
  }
}
