package io.flotilla.applier.domain.balance;

import io.flotilla.events.ClusterPartitioner;
import io.flotilla.events.Keys;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits a topic's partitions among a consumer group's members so that each member gets about the
 * same work, and moves a partition from one member to another in two rounds, as Kafka's cooperative
 * rebalance protocol requires.
 *
 * <p>Why: records are partitioned by a hash of the cluster name, so a few clusters land on few
 * partitions, unevenly (10 clusters hash to 5 of 12 partitions, carrying 1, 3, 1, 3 and 2
 * clusters). Kafka's own assignors count partitions, so two instances could get 8 and 2 clusters
 * and the pair run no faster than one. Here a partition weighs the number of (app, cluster) pairs
 * whose records it carries; the heaviest are placed first, each on the member with the least weight
 * so far (longest-processing-time-first); partitions that carry nothing are spread by count.
 *
 * <p>The {@linkplain #target target} depends only on the members and the weights, so the same group
 * gets the same split on every rebalance (nothing moves without a reason) and the second round of a
 * move aims where the first did.
 */
public final class PartitionBalance {
  private PartitionBalance() {}

  /**
   * The weight of each of {@code partitions} partitions of a topic keyed {@code <cluster>/<app>}
   * and partitioned by {@link ClusterPartitioner}: how many (app, cluster) pairs of {@code fleet}
   * it carries.
   */
  public static int[] weights(Fleet fleet, int partitions) {
    int[] weights = new int[partitions];
    for (Application app : fleet.apps().values()) {
      for (Cluster cluster : fleet.targets(app)) {
        weights[
            ClusterPartitioner.partitionOf(
                Keys.clusterApp(cluster.name(), app.name()), partitions)]++;
      }
    }
    return weights;
  }

  /**
   * This round's assignment: the {@linkplain #target target}, less the partitions that move from
   * one member to another. Those stay with nobody this round: their owner is not given them, so it
   * gives them up, and the next rebalance (which the owner asks for when it gave partitions up)
   * assigns them to their target. A partition is never given to a member while another still owns
   * it.
   *
   * @param members the group's members
   * @param weights the weight of each partition (its index), none negative
   * @param owned the partitions each member owns now; a partition listed by several members (a
   *     member that missed a rebalance) is owned by the first of them in {@code owned}'s order
   */
  public static Map<String, SortedSet<Integer>> assign(
      Collection<String> members, int[] weights, Map<String, ? extends Set<Integer>> owned) {
    Map<Integer, String> ownerOf = new HashMap<>();
    owned.forEach(
        (member, partitions) -> {
          if (members.contains(member)) {
            partitions.forEach(p -> ownerOf.putIfAbsent(p, member));
          }
        });
    Map<String, SortedSet<Integer>> result = target(members, weights);
    result.forEach(
        (member, partitions) ->
            partitions.removeIf(p -> ownerOf.containsKey(p) && !ownerOf.get(p).equals(member)));
    return result;
  }

  /**
   * Where every partition should end up: weighted partitions heaviest first (then by number), each
   * on the member with the least weight so far (then the fewest partitions, then the first name);
   * then the weightless ones, each on the member with the fewest partitions (then the least weight,
   * then the first name). Every member is in the result, possibly with no partition.
   */
  public static Map<String, SortedSet<Integer>> target(Collection<String> members, int[] weights) {
    Map<String, SortedSet<Integer>> result = new TreeMap<>();
    if (members.isEmpty()) {
      return result;
    }
    List<Load> loads = new ArrayList<>();
    for (String member : new TreeSet<>(members)) {
      loads.add(new Load(member));
      result.put(member, new TreeSet<>());
    }
    List<Integer> order = new ArrayList<>();
    for (int p = 0; p < weights.length; p++) {
      if (weights[p] < 0) {
        throw new IllegalArgumentException(
            "partition " + p + " has a negative weight: " + weights[p]);
      }
      order.add(p);
    }
    order.sort(Comparator.<Integer>comparingInt(p -> -weights[p]).thenComparingInt(p -> p));
    Comparator<Load> byWeight =
        Comparator.<Load>comparingLong(l -> l.weight).thenComparingInt(l -> l.count);
    Comparator<Load> byCount =
        Comparator.<Load>comparingInt(l -> l.count).thenComparingLong(l -> l.weight);
    for (int p : order) {
      // loads is in member order, and min keeps the first of equals: ties go to the first name
      Load least = loads.stream().min(weights[p] > 0 ? byWeight : byCount).orElseThrow();
      least.weight += weights[p];
      least.count++;
      result.get(least.member).add(p);
    }
    return result;
  }

  private static final class Load {
    final String member;
    long weight;
    int count;

    Load(String member) {
      this.member = member;
    }
  }
}
