package io.flotilla.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterPartitionerTest {

  @Test
  void shouldPlaceEveryAppOfOneClusterInOnePartition() {
    int p = ClusterPartitioner.partitionOf("prod-eu-1/guestbook", 12);

    assertThat(ClusterPartitioner.partitionOf("prod-eu-1/billing", 12)).isEqualTo(p);
    assertThat(ClusterPartitioner.partitionOf("prod-eu-1/other-app", 12)).isEqualTo(p);
  }

  @Test
  void shouldSpreadClustersOverPartitions() {
    Set<Integer> used = new HashSet<>();
    for (int i = 1; i <= 50; i++) {
      used.add(ClusterPartitioner.partitionOf("sim-" + i + "/guestbook", 12));
    }

    assertThat(used).hasSizeGreaterThan(8);
    assertThat(used).allMatch(x -> x >= 0 && x < 12);
  }

  @Test
  void keysShouldFollowTopicConventions() {
    var desired = (DesiredState) Fixtures.golden(EventType.DESIRED_STATE).data();
    var commit = (CommitDetected) Fixtures.golden(EventType.COMMIT_DETECTED).data();

    assertThat(Keys.of(desired)).isEqualTo("prod-eu-1/guestbook");
    assertThat(Keys.of(commit)).isEqualTo("guestbook");
    assertThat(Keys.clusterOf("prod-eu-1/guestbook")).isEqualTo("prod-eu-1");
  }
}
