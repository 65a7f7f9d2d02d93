package io.flotilla.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.events.ClusterPartitioner;
import io.flotilla.events.EventCodec;
import io.flotilla.events.HealthChanged;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.ResumeRequested;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.SyncRequested;
import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import io.flotilla.fleetsim.SimCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several packaged appliers in one consumer group (child processes), twelve fleet-sim clusters in
 * this JVM, the real broker: partitions move between live instances, and an instance is stopped
 * (SIGTERM) while its syncs are in flight. What a user relies on: every cluster ends up synced, and
 * no object is written twice — fleet-sim's write counters show exactly the writes one sync of each
 * (app, cluster) needs; a second instance re-running a record finds nothing to write.
 *
 * <p>Twelve clusters, because their cluster-hashed partitions cover 7 of {@code flotilla.desired}'s
 * 12: an instance joining takes about half of the (app, cluster) pairs, so clusters always move.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplierScaleOutIT {
  private static final int CLUSTERS = 12;
  private static final int WRITES_PER_SYNC = 5; // 4 objects and the inventory
  private static final List<String> APPS = List.of("held", "s1", "s2", "s3");

  private static Path work;
  private static FleetSim fleet;
  private static String group;
  private static Map<String, String> config;
  private static KafkaProducer<String, String> producer;
  private static final Map<String, ScaleOutFixture.Instance> instances = new HashMap<>();

  /** The revision of s1 applied in test 3, by B, the last record of s1. */
  private static String s1Revision;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("applier-scale-out-");
    Path credentials = Files.createDirectories(work.resolve("credentials"));
    fleet = FleetSim.start(FleetSimOptions.defaults(CLUSTERS).withOutDir(credentials));
    Path repo = ScaleOutFixture.fleetRepo(work.resolve("fleet"), CLUSTERS, APPS);
    group = "flotilla-applier-scale-out-" + UUID.randomUUID();
    try (Admin admin = admin()) {
      ApplierTestEnvironment.createMissingTopics(admin);
      ApplierTestEnvironment.startGroupAtEnd(admin, group);
    }
    ApplierTestEnvironment.resumeEverything();
    producer = KafkaTestClients.producer();
    config = new HashMap<>();
    config.put("kafka.bootstrap.servers", ApplierTestEnvironment.BOOTSTRAP);
    config.put("mp.messaging.incoming.desired.group.id", group);
    config.put("flotilla.fleet.repo", "file://" + repo.toAbsolutePath());
    config.put("flotilla.credentials-dir", credentials.toString());
    config.put("flotilla.fleet.refresh-interval", "2s");
    // One sync at a time per cluster: an instance stopped mid-sync then leaves queued work for the
    // other to take over (with several at once, a cluster's few syncs all start together and a
    // graceful stop finishes them all).
    config.put("flotilla.cluster.max-in-flight", "1");
  }

  @AfterAll
  static void stop() throws Exception {
    for (ScaleOutFixture.Instance instance : instances.values()) {
      instance.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    try (Admin admin = admin()) {
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void shouldApplyAHeldDesiredStateOnceWhenItsPartitionMovedToAnotherInstance() throws Exception {
    ScaleOutFixture.Instance a = startInstance("A");
    awaitMembers(1);
    control(new PauseRequested("held", null, false, "freeze", "test", Instant.now()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !a.app("held").get(0).path("paused").isNull());
    Map<String, Long> writesBefore = writesPerCluster();
    String revision = ScaleOutFixture.revision();
    try (KafkaTestClients.TopicTail results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS)) {
      for (String cluster : clusters()) {
        send(ScaleOutFixture.desired("held", cluster, revision));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> desiredRevisions(a, "held").values().stream().allMatch(revision::equals));

      ScaleOutFixture.Instance b = startInstance("B");
      Map<String, Set<TopicPartition>> owners = awaitMembers(2);
      List<String> moved = clustersOf(owners.get("B"));
      assertThat(moved).as("clusters whose partitions moved from A to B").isNotEmpty();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                Map<String, String> onB = desiredRevisions(b, "held");
                return moved.stream().allMatch(c -> revision.equals(onB.get(c)));
              });

      control(new ResumeRequested("held", null, false, "thaw", "test", Instant.now()));
      for (String cluster : clusters()) {
        results.waitFor(r -> synced(r, "held", cluster, revision));
      }
      awaitIdle();
      List<SyncCompleted> done = completed(results.drain(), "held", revision);
      for (String cluster : clusters()) {
        List<SyncCompleted> ofCluster =
            done.stream().filter(d -> d.cluster().equals(cluster)).toList();
        assertThat(ofCluster).as("syncs of held on %s", cluster).hasSize(1);
        assertThat(ofCluster.get(0).writes()).isEqualTo(WRITES_PER_SYNC);
      }
    }
    Map<String, Long> writesAfter = writesPerCluster();
    for (String cluster : clusters()) {
      assertThat(writesAfter.get(cluster) - writesBefore.get(cluster))
          .as("writes to %s", cluster)
          .isEqualTo(WRITES_PER_SYNC);
    }
    // Each instance's apps view covers the whole fleet, the clusters the other one synced too
    for (ScaleOutFixture.Instance instance : List.of(instances.get("A"), instances.get("B"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<String, String> applied = new HashMap<>();
                for (JsonNode c : instance.app("held")) {
                  applied.put(c.path("cluster").asText(), c.path("appliedRevision").asText());
                }
                assertThat(applied.keySet()).containsExactlyInAnyOrderElementsOf(clusters());
                assertThat(applied.values()).as("applied revisions").allMatch(revision::equals);
              });
    }
  }

  @Test
  @Order(2)
  void shouldSyncEveryClusterOnceWhenAnInstanceStopsMidSync() throws Exception {
    ScaleOutFixture.Instance a = instances.get("A");
    Map<String, Set<TopicPartition>> owners = awaitMembers(2);
    List<String> ofA = clustersOf(owners.get("A"));
    fleet.clusters().forEach(c -> c.faults().latencyMs(100));
    Map<String, Long> writesBefore = writesPerCluster();
    String revision = ScaleOutFixture.revision();
    List<String> apps = List.of("s1", "s2", "s3");
    try (KafkaTestClients.TopicTail results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS)) {
      for (String app : apps) {
        for (String cluster : clusters()) {
          send(ScaleOutFixture.desired(app, cluster, revision));
        }
      }
      results.waitFor(r -> source(r).endsWith("/A") && synced(r, null, null, revision));
      a.stop();
      instances.remove("A");

      for (String app : apps) {
        for (String cluster : clusters()) {
          results.waitFor(r -> synced(r, app, cluster, revision));
        }
      }
      awaitIdle();
      List<ConsumerRecord<String, String>> seen = results.drain();
      List<SyncCompleted> done = completed(seen, null, revision);
      for (String app : apps) {
        for (String cluster : clusters()) {
          assertThat(
                  done.stream()
                      .filter(d -> d.app().equals(app) && d.cluster().equals(cluster))
                      .mapToInt(SyncCompleted::writes)
                      .sum())
              .as("writes reported for %s on %s", app, cluster)
              .isEqualTo(WRITES_PER_SYNC);
        }
      }
      assertThat(
              seen.stream()
                  .filter(r -> source(r).endsWith("/B") && synced(r, null, null, revision))
                  .map(r -> KafkaTestClients.<SyncCompleted>data(r).cluster())
                  .filter(ofA::contains)
                  .toList())
          .as("clusters A owned that B synced after A stopped mid-sync")
          .isNotEmpty();
    }
    Map<String, Long> writesAfter = writesPerCluster();
    for (String cluster : clusters()) {
      assertThat(writesAfter.get(cluster) - writesBefore.get(cluster))
          .as("writes to %s", cluster)
          .isEqualTo((long) WRITES_PER_SYNC * apps.size());
    }
    fleet.clusters().forEach(c -> c.faults().clear());
  }

  @Test
  @Order(3)
  void shouldKeepHealthAndTheLastHealthyRevisionAcrossARestart() throws Exception {
    ScaleOutFixture.Instance b = instances.get("B");
    String revision = ScaleOutFixture.revision();
    s1Revision = revision;
    try (KafkaTestClients.TopicTail results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS)) {
      for (String cluster : clusters()) {
        send(ScaleOutFixture.desired("s1", cluster, revision));
      }
      for (String cluster : clusters()) {
        results.waitFor(
            r ->
                KafkaTestClients.event(r, HealthChanged.class)
                    .filter(
                        h ->
                            h.app().equals("s1")
                                && h.cluster().equals(cluster)
                                && h.revision().equals(revision)
                                && h.status() == HealthChanged.Status.HEALTHY)
                    .isPresent());
      }
    }
    b.stop();
    instances.remove("B");

    ScaleOutFixture.Instance c = startInstance("C");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode clusters = c.app("s1");
              assertThat(clusters).hasSize(CLUSTERS);
              for (JsonNode cluster : clusters) {
                assertThat(cluster.path("health").asText()).isEqualTo("Healthy");
                assertThat(cluster.path("lastHealthyRevision").asText()).isEqualTo(revision);
              }
            });
  }

  @Test
  @Order(4)
  void shouldRetryAFailedSyncOnTheNextOwnerWhenItsPartitionMoves() throws Exception {
    ScaleOutFixture.Instance c = instances.get("C");
    String cluster = "sim-2";
    SimCluster failing =
        fleet.clusters().stream().filter(s -> s.name().equals(cluster)).findFirst().orElseThrow();
    String revision = ScaleOutFixture.revision();
    try (KafkaTestClients.TopicTail results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS)) {
      failing.faults().failAlways(500);
      send(ScaleOutFixture.desired("s2", cluster, revision));
      results.waitFor(
          r ->
              source(r).endsWith("/C")
                  && ended(r, "s2", cluster, revision, SyncCompleted.Status.FAILED));

      // C's retries keep failing; it stops before the cluster is back, so only the next owner can
      // apply the revision, and nothing new is published to flotilla.desired.
      ScaleOutFixture.Instance d = startInstance("D");
      c.stop();
      instances.remove("C");
      awaitMembers(1);
      failing.faults().clear();

      results.waitFor(r -> source(r).endsWith("/D") && synced(r, "s2", cluster, revision));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> revision.equals(appliedRevisions(d, "s2").get(cluster)));
    } finally {
      failing.faults().clear();
    }
  }

  @Test
  @Order(5)
  void shouldSyncOnRequestAPairAppliedBeforeThisInstanceOwnedIt() throws Exception {
    // s1 was applied by B (test 3), whose records were committed; C and then D took its clusters
    // over without any new record of s1: D knows s1's desired state only by reading it back.
    ScaleOutFixture.Instance d = instances.get("D");
    assertThat(d).isNotNull();
    String cluster = "sim-5";
    try (KafkaTestClients.TopicTail results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS)) {
      control(new SyncRequested("s1", cluster, false, false, "check it", "test", Instant.now()));
      ConsumerRecord<String, String> done =
          results.waitFor(r -> source(r).endsWith("/D") && synced(r, "s1", cluster, s1Revision));
      SyncCompleted completed = KafkaTestClients.event(done, SyncCompleted.class).orElseThrow();
      assertThat(completed.writes()).as("nothing changed since B applied it").isZero();
    }
  }

  private static ScaleOutFixture.Instance startInstance(String name) throws Exception {
    ScaleOutFixture.Instance instance = ScaleOutFixture.Instance.start(name, work, config);
    instances.put(name, instance);
    await().atMost(Duration.ofSeconds(120)).until(instance::ready);
    return instance;
  }

  /** Waits until the group is stable with {@code count} members; their partitions by instance. */
  private static Map<String, Set<TopicPartition>> awaitMembers(int count) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              try (Admin admin = admin()) {
                ConsumerGroupDescription d =
                    admin
                        .describeConsumerGroups(List.of(group))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(group);
                if (d.groupState() != GroupState.STABLE || d.members().size() != count) {
                  return null;
                }
                Map<String, Set<TopicPartition>> out = new HashMap<>();
                int assignedPartitions = 0;
                for (MemberDescription m : d.members()) {
                  Set<TopicPartition> tps = m.assignment().topicPartitions();
                  assignedPartitions += tps.size();
                  out.put(instanceOf(m), tps);
                }
                return assignedPartitions == partitions() ? out : null;
              }
            },
            m -> m != null);
  }

  /** The instance a member is, by the client id the fixture gives each instance. */
  private static String instanceOf(MemberDescription member) {
    return instances.keySet().stream()
        .filter(name -> member.clientId().contains("-" + name + "-"))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("cannot tell which instance " + member + " is"));
  }

  private static int partitions() throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeTopics(List.of(Topics.DESIRED))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .get(Topics.DESIRED)
          .partitions()
          .size();
    }
  }

  private static List<String> clustersOf(Set<TopicPartition> owned) throws Exception {
    int partitions = partitions();
    return clusters().stream()
        .filter(
            c ->
                owned.contains(
                    new TopicPartition(
                        Topics.DESIRED, ClusterPartitioner.partitionOf(c + "/x", partitions))))
        .toList();
  }

  /** Until no instance has a sync admitted and not finished. */
  private static void awaitIdle() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (ScaleOutFixture.Instance i : instances.values()) {
                if (i.metric("flotilla_sync_queued") > 0) {
                  return false;
                }
              }
              return true;
            });
  }

  private static Map<String, String> desiredRevisions(ScaleOutFixture.Instance i, String app)
      throws Exception {
    return revisions(i, app, "desiredRevision");
  }

  private static Map<String, String> appliedRevisions(ScaleOutFixture.Instance i, String app)
      throws Exception {
    return revisions(i, app, "appliedRevision");
  }

  /** {@code field} of each cluster of {@code app} in the instance's apps view, by cluster. */
  private static Map<String, String> revisions(ScaleOutFixture.Instance i, String app, String field)
      throws Exception {
    Map<String, String> out = new HashMap<>();
    for (JsonNode c : i.app(app)) {
      out.put(c.path("cluster").asText(), c.path(field).asText(null));
    }
    return out;
  }

  private static List<String> clusters() {
    return IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "sim-" + i).toList();
  }

  private static Map<String, Long> writesPerCluster() {
    return fleet.clusters().stream()
        .collect(Collectors.toMap(SimCluster::name, c -> c.counts().writes()));
  }

  private static boolean synced(
      ConsumerRecord<String, String> r, String app, String cluster, String revision) {
    return ended(r, app, cluster, revision, SyncCompleted.Status.SYNCED);
  }

  /** A {@code SyncCompleted} of {@code revision} with {@code status}; null app/cluster: any. */
  private static boolean ended(
      ConsumerRecord<String, String> r,
      String app,
      String cluster,
      String revision,
      SyncCompleted.Status status) {
    return KafkaTestClients.event(r, SyncCompleted.class)
        .filter(
            d ->
                (app == null || d.app().equals(app))
                    && (cluster == null || d.cluster().equals(cluster))
                    && d.revision().equals(revision)
                    && d.status() == status)
        .isPresent();
  }

  private static List<SyncCompleted> completed(
      List<ConsumerRecord<String, String>> records, String app, String revision) {
    List<SyncCompleted> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      KafkaTestClients.event(r, SyncCompleted.class)
          .filter(d -> (app == null || d.app().equals(app)) && d.revision().equals(revision))
          .ifPresent(out::add);
    }
    return out;
  }

  private static String source(ConsumerRecord<String, String> r) {
    return new EventCodec().decode(r.value()).source();
  }

  private static void send(io.flotilla.events.DesiredState desired) throws Exception {
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        desired.cluster() + "/" + desired.app(),
        KafkaTestClients.envelope(desired));
  }

  /** Control events go to partition 0, as the applier publishes them (one order for all). */
  private static void control(io.flotilla.events.ControlEvent event) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.CONTROL, 0, event.app() == null ? "*" : event.app(), envelope(event)))
        .get(30, TimeUnit.SECONDS);
  }

  private static String envelope(io.flotilla.events.FlotillaEvent event) {
    return KafkaTestClients.envelope(event);
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ApplierTestEnvironment.BOOTSTRAP));
  }
}
