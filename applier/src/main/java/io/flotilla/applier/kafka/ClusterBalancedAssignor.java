package io.flotilla.applier.kafka;

import io.flotilla.applier.domain.balance.PartitionBalance;
import io.flotilla.events.Topics;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The applier group's partition assignor: splits {@code flotilla.desired} among the instances by
 * the (app, cluster) pairs each partition carries ({@link PartitionBalance}), with Kafka's
 * cooperative protocol (a partition that moves is first given up by its owner, then assigned in a
 * second rebalance, so two instances never hold it at once; the others keep running meanwhile).
 *
 * <p>It runs in the group leader's consumer. The weights come from the fleet in force of that
 * instance; an instance that has not read the fleet yet (or a topic other than {@code
 * flotilla.desired}) weighs every partition 0, which spreads partitions by count like Kafka's own
 * assignors. Tests set {@link #WEIGHTS} in the consumer's configuration instead.
 *
 * <p>Configure {@code partition.assignment.strategy} with this class first and {@code
 * CooperativeStickyAssignor} second: a group still running instances of an earlier release agrees
 * on the second until all run this one.
 */
public final class ClusterBalancedAssignor implements ConsumerPartitionAssignor, Configurable {
  /** The assignor's name in the group protocol. */
  public static final String NAME = "flotilla-cluster-balanced";

  /** Consumer configuration key of a {@link Weights} object, overriding the fleet's. */
  public static final String WEIGHTS = "flotilla.partition.weights";

  /** The weight of each partition of a topic. */
  @FunctionalInterface
  public interface Weights {
    int[] of(String topic, int partitions);
  }

  private Weights weights = ClusterBalancedAssignor::fromFleet;

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(WEIGHTS) instanceof Weights w) {
      weights = w;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RebalanceProtocol> supportedProtocols() {
    return List.of(RebalanceProtocol.COOPERATIVE);
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
    Map<String, Subscription> members = group.groupSubscription();
    Map<String, List<TopicPartition>> assigned = new HashMap<>();
    members.keySet().forEach(m -> assigned.put(m, new ArrayList<>()));
    Set<String> topics = new TreeSet<>();
    members.values().forEach(s -> topics.addAll(s.topics()));
    for (String topic : topics) {
      Integer partitions = metadata.partitionCountForTopic(topic);
      if (partitions == null) {
        continue; // not created yet: assigned once it exists (the metadata change rebalances)
      }
      List<String> subscribed =
          members.entrySet().stream()
              .filter(e -> e.getValue().topics().contains(topic))
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      int[] w = weights.of(topic, partitions);
      if (w == null || w.length != partitions) {
        w = new int[partitions];
      }
      Map<String, SortedSet<Integer>> split =
          PartitionBalance.assign(subscribed, w, owned(topic, members));
      split.forEach(
          (member, ps) -> ps.forEach(p -> assigned.get(member).add(new TopicPartition(topic, p))));
      log(topic, split, w);
    }
    Map<String, Assignment> result = new HashMap<>();
    assigned.forEach((member, ps) -> result.put(member, new Assignment(ps)));
    return new GroupAssignment(result);
  }

  /**
   * The partitions of {@code topic} each member owns, members of the latest generation first, so a
   * partition claimed by a member that missed a rebalance goes to its newer owner.
   */
  private static Map<String, Set<Integer>> owned(String topic, Map<String, Subscription> members) {
    Map<String, Set<Integer>> owned = new LinkedHashMap<>();
    members.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Subscription>>comparingInt(
                    e -> -e.getValue().generationId().orElse(-1))
                .thenComparing(Map.Entry::getKey))
        .forEach(
            e -> {
              Set<Integer> ps = new TreeSet<>();
              e.getValue().ownedPartitions().stream()
                  .filter(tp -> tp.topic().equals(topic))
                  .forEach(tp -> ps.add(tp.partition()));
              owned.put(e.getKey(), ps);
            });
    return owned;
  }

  private static void log(String topic, Map<String, SortedSet<Integer>> split, int[] weights) {
    StringBuilder line = new StringBuilder();
    split.forEach(
        (member, ps) -> {
          int weight = ps.stream().mapToInt(p -> weights[p]).sum();
          line.append(line.isEmpty() ? "" : "; ")
              .append(member)
              .append(": ")
              .append(ps)
              .append(" (")
              .append(weight)
              .append(" pairs)");
        });
    Log.infof("%s assigned by (app, cluster) pairs: %s", topic, line);
  }

  /** The weights of the fleet in force of this instance; 0 for every partition without one. */
  private static int[] fromFleet(String topic, int partitions) {
    ArcContainer arc = Arc.container();
    if (!Topics.DESIRED.equals(topic) || arc == null || !arc.isRunning()) {
      return new int[partitions];
    }
    var fleet = arc.instance(LiveFleet.class);
    return fleet.isAvailable()
        ? PartitionBalance.weights(fleet.get().current(), partitions)
        : new int[partitions];
  }
}
