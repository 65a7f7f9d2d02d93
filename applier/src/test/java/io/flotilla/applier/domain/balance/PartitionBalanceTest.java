package io.flotilla.applier.domain.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.events.ClusterPartitioner;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.LabelSelector;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionBalanceTest {
  /**
   * sim-1 … sim-10 with 100 apps each, hashed to 12 partitions: 5 partitions carry 1, 3, 1, 3 and 2
   * clusters (the benchmark's fleet).
   */
  private static final int[] TEN_CLUSTERS = new int[12];

  static {
    for (int i = 1; i <= 10; i++) {
      TEN_CLUSTERS[ClusterPartitioner.partitionOf("sim-" + i + "/app", 12)] += 100;
    }
  }

  @Test
  void shouldStartFromAFleetThatCountingPartitionsSplitsBadly() {
    assertThat(IntStream.of(TEN_CLUSTERS).filter(w -> w > 0).sorted().toArray())
        .containsExactly(100, 100, 200, 300, 300);
  }

  private static long weightOf(SortedSet<Integer> partitions, int[] weights) {
    return partitions.stream().mapToLong(p -> weights[p]).sum();
  }

  @Test
  void shouldSplitTenClustersFiveAndFiveBetweenTwoMembersWhereCountingPartitionsCannot() {
    Map<String, SortedSet<Integer>> split =
        PartitionBalance.target(List.of("b", "a"), TEN_CLUSTERS);

    assertThat(weightOf(split.get("a"), TEN_CLUSTERS)).isEqualTo(500);
    assertThat(weightOf(split.get("b"), TEN_CLUSTERS)).isEqualTo(500);
    // every partition placed once, the empty ones six and six
    Set<Integer> all = new HashSet<>(split.get("a"));
    all.addAll(split.get("b"));
    assertThat(all).hasSize(12);
    assertThat(split.get("a")).hasSize(6);
    assertThat(split.get("b")).hasSize(6);
  }

  @Test
  void shouldGiveNoMemberOfThreeMoreThanTheHeaviestPartitionPlusItsShare() {
    Map<String, SortedSet<Integer>> split =
        PartitionBalance.target(List.of("a", "b", "c"), TEN_CLUSTERS);

    assertThat(split.values())
        .allSatisfy(ps -> assertThat(weightOf(ps, TEN_CLUSTERS)).isLessThanOrEqualTo(400));
    assertThat(split.values()).allSatisfy(ps -> assertThat(ps).hasSize(4));
  }

  @Test
  void shouldGiveTheSameSplitWhateverTheOrderOfMembers() {
    assertThat(PartitionBalance.target(List.of("c", "a", "b"), TEN_CLUSTERS))
        .isEqualTo(PartitionBalance.target(List.of("a", "b", "c"), TEN_CLUSTERS));
  }

  @Test
  void shouldSpreadWeightlessPartitionsByCount() {
    Map<String, SortedSet<Integer>> split = PartitionBalance.target(List.of("a", "b"), new int[5]);

    assertThat(split).containsEntry("a", new TreeSet<>(Set.of(0, 2, 4)));
    assertThat(split).containsEntry("b", new TreeSet<>(Set.of(1, 3)));
  }

  @Test
  void shouldKeepEverythingWhereItIsWhenTheOwnersAlreadyHoldTheTarget() {
    Map<String, SortedSet<Integer>> target =
        PartitionBalance.target(List.of("a", "b"), TEN_CLUSTERS);

    assertThat(PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, target)).isEqualTo(target);
  }

  @Test
  void shouldMoveAPartitionInTwoRoundsSoNoTwoMembersHoldItAtOnce() {
    // a held everything; b joins
    Map<String, Set<Integer>> owned =
        Map.of("a", Set.copyOf(IntStream.range(0, 12).boxed().toList()));

    Map<String, SortedSet<Integer>> first =
        PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, owned);

    assertThat(weightOf(first.get("a"), TEN_CLUSTERS)).isEqualTo(500); // a gives up b's share
    assertThat(first.get("a")).hasSize(6);
    assertThat(first.get("b")).isEmpty(); // and b gets none of it yet
    Map<String, SortedSet<Integer>> second =
        PartitionBalance.assign(
            List.of("a", "b"), TEN_CLUSTERS, Map.of("a", first.get("a"), "b", first.get("b")));
    assertThat(second.get("a")).isEqualTo(first.get("a"));
    assertThat(weightOf(second.get("b"), TEN_CLUSTERS)).isEqualTo(500);
    assertThat(second.get("b")).hasSize(6);
    // and then nothing moves any more
    assertThat(PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, second)).isEqualTo(second);
  }

  @Test
  void shouldLeaveABalancedSplitWhereItIsThoughTheTargetWouldDifferAndMoveNoMoreThanTheExcess() {
    // the two members joined before the fleet had apps: the partitions split by count
    Map<String, SortedSet<Integer>> byCount =
        PartitionBalance.target(List.of("a", "b"), new int[12]);
    // then one commit weighs them by the benchmark's fleet
    Map<String, SortedSet<Integer>> first =
        PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, byCount);
    Map<String, SortedSet<Integer>> second =
        PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, first);

    assertThat(weightOf(second.get("a"), TEN_CLUSTERS)).isEqualTo(500);
    assertThat(weightOf(second.get("b"), TEN_CLUSTERS)).isEqualTo(500);
    Map<String, SortedSet<Integer>> target =
        PartitionBalance.target(List.of("a", "b"), TEN_CLUSTERS);
    assertThat(moved(byCount, second))
        .as("partitions moved, against %d for the target", moved(byCount, target))
        .isLessThan(moved(byCount, target))
        .isLessThanOrEqualTo(2);

    // a balanced split that is not the target stays as it is
    assertThat(PartitionBalance.assign(List.of("a", "b"), TEN_CLUSTERS, second)).isEqualTo(second);
  }

  private static long moved(
      Map<String, SortedSet<Integer>> from, Map<String, SortedSet<Integer>> to) {
    return from.entrySet().stream()
        .mapToLong(e -> e.getValue().stream().filter(p -> !to.get(e.getKey()).contains(p)).count())
        .sum();
  }

  @Test
  void shouldTakeAPartitionClaimedTwiceAsOwnedByTheFirstClaimant() {
    Map<String, Set<Integer>> owned = new TreeMap<>(); // a (newer generation) first
    owned.put("a", Set.of(0));
    owned.put("b", Set.of(0));
    Map<String, SortedSet<Integer>> target =
        PartitionBalance.target(List.of("a", "b"), new int[] {0, 0});
    assertThat(target.get("a")).containsExactly(0);

    assertThat(PartitionBalance.assign(List.of("a", "b"), new int[] {0, 0}, owned).get("a"))
        .containsExactly(0);
  }

  @Test
  void shouldIgnoreWhatAMemberThatLeftOwned() {
    Map<String, SortedSet<Integer>> split =
        PartitionBalance.assign(List.of("b"), new int[] {1, 1}, Map.of("a", Set.of(0, 1)));

    assertThat(split).containsExactly(Map.entry("b", new TreeSet<>(Set.of(0, 1))));
  }

  @Test
  void shouldRefuseANegativeWeight() {
    assertThatThrownBy(() -> PartitionBalance.target(List.of("a"), new int[] {1, -1}))
        .hasMessage("partition 1 has a negative weight: -1");
  }

  @Test
  void shouldWeighAPartitionByThePairsOfTheClustersHashedToIt() {
    Map<String, Cluster> clusters = new TreeMap<>();
    for (int i = 1; i <= 10; i++) {
      clusters.put(
          "sim-" + i,
          new Cluster("sim-" + i, Map.of("env", i <= 4 ? "prod" : "dev"), "sim-" + i, null));
    }
    Map<String, Application> apps =
        Map.of(
            "everywhere",
            app("everywhere", Map.of()),
            "prod-only",
            app("prod-only", Map.of("env", "prod")));

    int[] weights = PartitionBalance.weights(Fleet.of("f".repeat(40), clusters, apps), 12);

    int[] expected = new int[12];
    for (int i = 1; i <= 10; i++) {
      expected[ClusterPartitioner.partitionOf("sim-" + i + "/any", 12)] += i <= 4 ? 2 : 1;
    }
    assertThat(weights).containsExactly(expected);
    assertThat(IntStream.of(weights).sum()).isEqualTo(14);
  }

  private static Application app(String name, Map<String, String> labels) {
    return new Application(
        name,
        "file:///repo",
        "main",
        Application.RefType.BRANCH,
        name,
        "yaml",
        name,
        new LabelSelector(labels, List.of()),
        Application.SyncPolicy.DEFAULT);
  }
}
