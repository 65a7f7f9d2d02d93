package io.flotilla.applier;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.applier.kafka.ClusterBalancedAssignor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterBalancedAssignor} in a real consumer group on the test broker: members get equal
 * work, not equal partition counts, and a partition is never held by two members at once while
 * members join and leave (the broker-side cooperative protocol; the client's leader also checks the
 * assignor keeps its rules and fails the poll when it does not).
 */
class BalancedAssignorKafkaTest {
  /** Five busy partitions of twelve: weights 100, 300, 100, 300, 200 — one member 500, one 500. */
  private static final int[] WEIGHTS = {100, 300, 0, 100, 300, 0, 0, 0, 0, 0, 200, 0};

  private final String topic = "balance-test-" + UUID.randomUUID();
  private final String group = "balance-test-" + UUID.randomUUID();
  private final List<KafkaConsumer<String, String>> members = new ArrayList<>();
  private Admin admin;

  @BeforeEach
  void createTopic() throws Exception {
    admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ApplierTestEnvironment.BOOTSTRAP));
    admin.createTopics(List.of(new NewTopic(topic, 12, (short) 1))).all().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void cleanUp() throws Exception {
    members.forEach(KafkaConsumer::close);
    admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    admin.close();
  }

  private KafkaConsumer<String, String> join() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ApplierTestEnvironment.BOOTSTRAP);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        ClusterBalancedAssignor.class.getName());
    config.put(
        ClusterBalancedAssignor.WEIGHTS,
        (ClusterBalancedAssignor.Weights) (t, partitions) -> t.equals(topic) ? WEIGHTS : null);
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    members.add(consumer);
    return consumer;
  }

  /**
   * Polls every member in turn until the members' shares of the work are {@code weights} (in any
   * order) with all 12 partitions held, then a few rounds more to see the split stays; checks after
   * every poll that no partition is held twice.
   */
  private void settleAt(Integer... weights) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Set<Integer>> now = pollAll();
    while (!(held(now) == 12 && shares(now).equals(sorted(weights)))) {
      assertThat(System.nanoTime() - deadline)
          .as("shares %s within 60 s; still %s", List.of(weights), now)
          .isNegative();
      now = pollAll();
    }
    for (int i = 0; i < 10; i++) {
      assertThat(pollAll()).as("the split stays").isEqualTo(now);
    }
  }

  private List<Set<Integer>> pollAll() {
    List<Set<Integer>> now = new ArrayList<>();
    for (KafkaConsumer<String, String> member : members) {
      member.poll(Duration.ofMillis(100));
      assertDisjoint(members.stream().map(BalancedAssignorKafkaTest::partitionsOf).toList());
    }
    members.forEach(m -> now.add(partitionsOf(m)));
    return now;
  }

  private static int held(List<Set<Integer>> assignments) {
    return assignments.stream().mapToInt(Set::size).sum();
  }

  private static List<Integer> shares(List<Set<Integer>> assignments) {
    return assignments.stream().map(BalancedAssignorKafkaTest::weight).sorted().toList();
  }

  private static List<Integer> sorted(Integer... weights) {
    return List.of(weights).stream().sorted().toList();
  }

  private static Set<Integer> partitionsOf(KafkaConsumer<String, String> member) {
    Set<Integer> partitions = new HashSet<>();
    member.assignment().stream().map(TopicPartition::partition).forEach(partitions::add);
    return partitions;
  }

  private static void assertDisjoint(List<Set<Integer>> assignments) {
    Set<Integer> seen = new HashSet<>();
    for (Set<Integer> a : assignments) {
      for (int p : a) {
        assertThat(seen.add(p)).as("partition %d held by two members at once", p).isTrue();
      }
    }
  }

  private static int weight(Set<Integer> partitions) {
    return partitions.stream().mapToInt(p -> WEIGHTS[p]).sum();
  }

  @Test
  void shouldSplitTheWorkEvenlyAsMembersJoinAndLeave() {
    join();
    settleAt(1000);

    join();
    settleAt(500, 500);

    join();
    settleAt(300, 300, 400);

    members.remove(0).close();
    settleAt(500, 500);
  }
}
