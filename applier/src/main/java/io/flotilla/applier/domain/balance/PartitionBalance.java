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
 * <p>A rebalance moves as little as the balance allows ({@link #plan}): partitions stay with their
 * owners unless a member carries more than the {@linkplain #target target} split would give the
 * heaviest member; only the excess moves. Without that, a fleet commit adding many apps (which
 * re-weighs the partitions) swapped most partitions between the instances, and each paused them for
 * the hand-over.
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
    Map<String, SortedSet<Integer>> result = plan(members, weights, ownerOf);
    result.forEach(
        (member, partitions) ->
            partitions.removeIf(p -> ownerOf.containsKey(p) && !ownerOf.get(p).equals(member)));
    return result;
  }

  /**
   * Where every partition should end up, moving as few as the balance allows: every member keeps
   * what it owns, except that one carrying more weight than the heaviest member of the {@link
   * #target} gives up partitions (the lightest that removes its excess, else its heaviest, until it
   * carries no more). The weighted partitions given up or owned by nobody are placed as {@link
   * #target} places them; then a member holding more partitions than the most the target gives one
   * gives up weightless ones (highest numbers first), and those and the weightless ones owned by
   * nobody are placed as {@link #target} places them. Should that leave a member heavier than the
   * target's heaviest, the target itself is the plan.
   *
   * <p>In the second round of a move the partitions kept are within those bounds already, so the
   * ones given up are placed again and nothing else moves.
   *
   * @param ownerOf the member owning each owned partition (members of the group only)
   */
  static Map<String, SortedSet<Integer>> plan(
      Collection<String> members, int[] weights, Map<Integer, String> ownerOf) {
    Map<String, SortedSet<Integer>> target = target(members, weights);
    if (target.isEmpty()) {
      return target;
    }
    long maxWeight =
        target.values().stream().mapToLong(ps -> weightOf(ps, weights)).max().orElse(0);
    int maxCount = target.values().stream().mapToInt(Set::size).max().orElse(0);
    Map<String, Load> loads = new TreeMap<>();
    Map<String, SortedSet<Integer>> result = new TreeMap<>();
    for (String member : new TreeSet<>(members)) {
      loads.put(member, new Load(member));
      result.put(member, new TreeSet<>());
    }
    List<Integer> free = new ArrayList<>();
    for (int p = 0; p < weights.length; p++) {
      String owner = ownerOf.get(p);
      if (owner == null || !result.containsKey(owner)) {
        free.add(p);
      } else {
        result.get(owner).add(p);
        loads.get(owner).add(weights[p]);
      }
    }
    for (Load load : loads.values()) {
      SortedSet<Integer> kept = result.get(load.member);
      while (load.weight > maxWeight) {
        long excess = load.weight - maxWeight;
        int out =
            kept.stream()
                .filter(p -> weights[p] >= excess)
                .min(Comparator.<Integer>comparingInt(p -> weights[p]).thenComparingInt(p -> p))
                .orElseGet(
                    () ->
                        kept.stream()
                            .max(
                                Comparator.<Integer>comparingInt(p -> weights[p])
                                    .thenComparingInt(p -> -p))
                            .orElseThrow());
        kept.remove(out);
        load.remove(weights[out]);
        free.add(out);
      }
    }
    List<Load> byName = List.copyOf(loads.values());
    place(free.stream().filter(p -> weights[p] > 0).toList(), weights, byName, result);
    List<Integer> weightlessFree =
        new ArrayList<>(free.stream().filter(p -> weights[p] == 0).toList());
    for (Load load : byName) {
      SortedSet<Integer> kept = result.get(load.member);
      List<Integer> weightless = kept.stream().filter(p -> weights[p] == 0).toList();
      for (int i = weightless.size() - 1; i >= 0 && load.count > maxCount; i--) {
        kept.remove(weightless.get(i));
        load.remove(0);
        weightlessFree.add(weightless.get(i));
      }
    }
    place(weightlessFree, weights, byName, result);
    boolean balanced = loads.values().stream().allMatch(l -> l.weight <= maxWeight);
    return balanced ? result : target;
  }

  private static long weightOf(Set<Integer> partitions, int[] weights) {
    return partitions.stream().mapToLong(p -> weights[p]).sum();
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
    List<Integer> all = new ArrayList<>();
    for (int p = 0; p < weights.length; p++) {
      if (weights[p] < 0) {
        throw new IllegalArgumentException(
            "partition " + p + " has a negative weight: " + weights[p]);
      }
      all.add(p);
    }
    place(all, weights, loads, result);
    return result;
  }

  /**
   * Places {@code partitions}, weighted ones heaviest first (then by number), each on the member
   * with the least weight so far (then the fewest partitions, then the first name); then the
   * weightless ones, each on the member with the fewest partitions (then the least weight, then the
   * first name).
   */
  private static void place(
      List<Integer> partitions,
      int[] weights,
      List<Load> loads,
      Map<String, SortedSet<Integer>> result) {
    List<Integer> order = new ArrayList<>(partitions);
    order.sort(Comparator.<Integer>comparingInt(p -> -weights[p]).thenComparingInt(p -> p));
    Comparator<Load> byWeight =
        Comparator.<Load>comparingLong(l -> l.weight).thenComparingInt(l -> l.count);
    Comparator<Load> byCount =
        Comparator.<Load>comparingInt(l -> l.count).thenComparingLong(l -> l.weight);
    for (int p : order) {
      // loads is in member order, and min keeps the first of equals: ties go to the first name
      Load least = loads.stream().min(weights[p] > 0 ? byWeight : byCount).orElseThrow();
      least.add(weights[p]);
      result.get(least.member).add(p);
    }
  }

  private static final class Load {
    final String member;
    long weight;
    int count;

    Load(String member) {
      this.member = member;
    }

    void add(int w) {
      weight += w;
      count++;
    }

    void remove(int w) {
      weight -= w;
      count--;
    }
  }
}
