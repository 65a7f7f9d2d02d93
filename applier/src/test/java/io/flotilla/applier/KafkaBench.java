package io.flotilla.applier;

import io.flotilla.events.EventCodec;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The applier through Kafka, as deployed: packaged instances (child processes, {@code -Xmx256m}
 * unless {@code bench.javaOpts}) in one consumer group, fleet-sim in this JVM with {@code
 * bench.latencyMs} per response, {@code bench.apps × bench.clusters} desired states of 4 objects
 * published at once to {@code flotilla.desired}; timed from the first send to the last {@code
 * SyncCompleted} read back. Runs once per entry of {@code bench.instances} (e.g. {@code 1,2}), each
 * time with empty clusters and a new consumer group. Reports syncs/s per instance count, {@code
 * scaleout_speedup_2}, and each instance's peak RSS ({@code VmHWM} from /proc).
 *
 * <p>Not a test (surefire skips *Bench); run by bench/applier/kafka.sh.
 */
class KafkaBench {
  private static final int APPS = Integer.getInteger("bench.apps", 100);
  private static final int CLUSTERS = Integer.getInteger("bench.clusters", 10);
  private static final long LATENCY = Long.getLong("bench.latencyMs", 20);
  private static final String INSTANCES = System.getProperty("bench.instances", "1,2");
  private static final String JAVA_OPTS = System.getProperty("bench.javaOpts", "-Xmx256m");
  private static final String SCENARIO = System.getProperty("bench.scenario", "applier-kafka");
  private static final Map<String, String> EXTRA = extraConfig();

  private record Run(
      double seconds,
      int synced,
      int failed,
      List<Double> hwmMb,
      List<Double> rssMb,
      double applierCpuSeconds,
      double driverCpuSeconds) {}

  @Test
  void run() throws Exception {
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    // Every instance replays flotilla.sync-results at start-up: what earlier runs on the same
    // broker left there costs memory and time, so the result records it.
    historyRecords = syncResultsOnTopic();
    Map<String, Object> figures = new LinkedHashMap<>();
    Map<Integer, Run> runs = new LinkedHashMap<>();
    for (String k : INSTANCES.split(",")) {
      int instances = Integer.parseInt(k.trim());
      Run run = run(instances);
      runs.put(instances, run);
      double rate = round(run.synced() / run.seconds());
      figures.put("cold_sync_seconds_" + instances, round(run.seconds()));
      figures.put("syncs_per_second_" + instances, rate);
      figures.put("objects_per_second_" + instances, round(rate * 4));
      figures.put("failed_syncs_" + instances, run.failed());
      figures.put(
          "applier_cpu_ms_per_sync_" + instances,
          round(run.applierCpuSeconds() * 1000 / Math.max(1, run.synced())));
      figures.put(
          "driver_cpu_ms_per_sync_" + instances,
          round(run.driverCpuSeconds() * 1000 / Math.max(1, run.synced())));
      figures.put(
          "applier_rss_mb_" + instances,
          round(run.hwmMb().stream().mapToDouble(Double::doubleValue).max().orElse(0)));
      System.out.printf(
          Locale.ROOT,
          "BENCH %d instance(s): %d syncs in %.2f s = %.1f syncs/s; VmHWM %s MB, VmRSS %s MB%n",
          instances,
          run.synced(),
          run.seconds(),
          rate,
          run.hwmMb(),
          run.rssMb());
    }
    if (runs.containsKey(1)) {
      figures.put(
          "applier_rss_mb",
          round(runs.get(1).hwmMb().stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    }
    if (runs.containsKey(1) && runs.containsKey(2)) {
      figures.put(
          "scaleout_speedup_2",
          round(
              (runs.get(2).synced() / runs.get(2).seconds())
                  / (runs.get(1).synced() / runs.get(1).seconds())));
    }
    write(figures, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private Run run(int instances) throws Exception {
    Path work = Files.createTempDirectory("applier-kafka-bench-");
    Path credentials = Files.createDirectories(work.resolve("credentials"));
    List<String> apps = IntStream.rangeClosed(1, APPS).mapToObj(i -> "app-" + i).toList();
    List<String> clusters = IntStream.rangeClosed(1, CLUSTERS).mapToObj(i -> "sim-" + i).toList();
    String group = "flotilla-applier-bench-" + UUID.randomUUID();
    List<ScaleOutFixture.Instance> started = new ArrayList<>();
    try (FleetSim fleet =
            FleetSim.start(
                FleetSimOptions.defaults(CLUSTERS).withOutDir(credentials).withLatencyMs(LATENCY));
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ApplierTestEnvironment.BOOTSTRAP));
        KafkaProducer<String, String> producer = KafkaTestClients.producer();
        KafkaConsumer<String, String> results = tail()) {
      Path repo = ScaleOutFixture.fleetRepo(work.resolve("fleet"), CLUSTERS, apps);
      ApplierTestEnvironment.createMissingTopics(admin);
      ApplierTestEnvironment.startGroupAtEnd(admin, group);
      Map<String, String> config = new HashMap<>(EXTRA);
      config.put("kafka.bootstrap.servers", ApplierTestEnvironment.BOOTSTRAP);
      config.put("mp.messaging.incoming.desired.group.id", group);
      config.put("flotilla.fleet.repo", "file://" + repo.toAbsolutePath());
      config.put("flotilla.credentials-dir", credentials.toString());
      config.put("quarkus.log.category.\"io.flotilla\".level", "WARN");
      for (int i = 1; i <= instances; i++) {
        started.add(
            ScaleOutFixture.Instance.start("bench" + i, work, config, JAVA_OPTS.split(" ")));
      }
      for (ScaleOutFixture.Instance instance : started) {
        waitUntil(instance::ready, Duration.ofMinutes(3), "instance " + instance.name + " ready");
      }
      waitUntil(() -> stable(admin, group, instances), Duration.ofMinutes(2), "group stable");

      String revision = ScaleOutFixture.revision();
      List<ProducerRecord<String, String>> records = new ArrayList<>();
      for (String app : apps) {
        for (String cluster : clusters) {
          records.add(
              new ProducerRecord<>(
                  Topics.DESIRED,
                  cluster + "/" + app,
                  KafkaTestClients.envelope(ScaleOutFixture.desired(app, cluster, revision))));
        }
      }
      double applierCpuBefore = 0;
      for (ScaleOutFixture.Instance instance : started) {
        applierCpuBefore += cpuSeconds(instance.process.pid());
      }
      double driverCpuBefore = cpuSeconds(ProcessHandle.current().pid());
      long start = System.nanoTime();
      records.forEach(producer::send);
      producer.flush();
      Set<String> synced = new HashSet<>();
      Set<String> failed = new HashSet<>();
      EventCodec codec = new EventCodec();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      long last = start;
      while (synced.size() + failed.size() < records.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + synced.size() + " of " + records.size() + " synced in 20 minutes");
        }
        for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(200))) {
          if (codec.decode(r.value()).data() instanceof SyncCompleted done
              && done.revision().equals(revision)) {
            String key = done.cluster() + "/" + done.app();
            (done.status() == SyncCompleted.Status.SYNCED ? synced : failed).add(key);
            last = System.nanoTime();
          }
        }
      }
      double seconds = (last - start) / 1e9;
      double applierCpu = -applierCpuBefore;
      for (ScaleOutFixture.Instance instance : started) {
        applierCpu += cpuSeconds(instance.process.pid());
      }
      double driverCpu = cpuSeconds(ProcessHandle.current().pid()) - driverCpuBefore;
      List<Double> hwm = new ArrayList<>();
      List<Double> rss = new ArrayList<>();
      for (ScaleOutFixture.Instance instance : started) {
        hwm.add(round(instance.memoryKb("VmHWM") / 1024.0));
        rss.add(round(instance.memoryKb("VmRSS") / 1024.0));
      }
      return new Run(seconds, synced.size(), failed.size(), hwm, rss, applierCpu, driverCpu);
    } finally {
      for (ScaleOutFixture.Instance instance : started) {
        instance.close();
      }
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ApplierTestEnvironment.BOOTSTRAP))) {
        admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** User + system CPU time of a process, from /proc/<pid>/stat (clock ticks of 1/100 s). */
  private static double cpuSeconds(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  private static boolean stable(Admin admin, String group, int members) throws Exception {
    ConsumerGroupDescription d =
        admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
    return d.groupState() == GroupState.STABLE
        && d.members().size() == members
        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
  }

  private static long historyRecords;

  /** Records on {@code flotilla.sync-results} now (end minus beginning, all partitions). */
  private static long syncResultsOnTopic() {
    try (KafkaConsumer<String, String> consumer = tail()) {
      var partitions = consumer.assignment();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      return partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
    }
  }

  private static KafkaConsumer<String, String> tail() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ApplierTestEnvironment.BOOTSTRAP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "2000"),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.SYNC_RESULTS).stream()
            .map(p -> new TopicPartition(Topics.SYNC_RESULTS, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  private static void waitUntil(Check check, Duration atMost, String what) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not " + what + " after " + atMost);
      }
      Thread.sleep(250);
    }
  }

  /** {@code bench.config}: extra applier settings, {@code key=value,key=value}. */
  private static Map<String, String> extraConfig() {
    Map<String, String> out = new LinkedHashMap<>();
    String spec = System.getProperty("bench.config", "");
    for (String pair : spec.split(",")) {
      if (!pair.isBlank()) {
        String[] kv = pair.split("=", 2);
        out.put(kv[0].trim(), kv[1].trim());
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void write(Map<String, Object> figures, String loadBefore, String loadAfter)
      throws Exception {
    StringBuilder json = new StringBuilder();
    json.append("{\"scenario\": \"")
        .append(SCENARIO)
        .append("\", \"parameters\": {\"apps\": ")
        .append(APPS)
        .append(", \"clusters\": ")
        .append(CLUSTERS)
        .append(", \"objects_per_app\": 4, \"latency_ms\": ")
        .append(LATENCY)
        .append(", \"instances\": \"")
        .append(INSTANCES)
        .append("\", \"java_opts\": \"")
        .append(JAVA_OPTS)
        .append("\", \"malloc_arena_max\": \"")
        .append(System.getenv().getOrDefault("MALLOC_ARENA_MAX", ""))
        .append("\", \"applier_config\": \"")
        .append(System.getProperty("bench.config", ""))
        .append("\", \"kafka\": true, \"sync_results_on_topic_at_start\": ")
        .append(historyRecords)
        .append("}, \"machine\": {\"cores\": ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(", \"java\": \"")
        .append(System.getProperty("java.version"))
        .append("\", \"os\": \"")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("\", \"loadavg_before\": \"")
        .append(loadBefore)
        .append("\", \"loadavg_after\": \"")
        .append(loadAfter)
        .append("\"}, \"figures\": {");
    boolean first = true;
    for (var e : figures.entrySet()) {
      json.append(first ? "" : ", ")
          .append('"')
          .append(e.getKey())
          .append("\": ")
          .append(String.format(Locale.ROOT, "%s", e.getValue()));
      first = false;
    }
    json.append("}}\n");
    System.out.println("BENCH " + json);
    String out = System.getProperty("bench.out");
    if (out != null) {
      String ts =
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
              .withZone(ZoneOffset.UTC)
              .format(Instant.now());
      Path file = Path.of(out, SCENARIO + "-" + ts + ".json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, json.toString());
      System.out.println("BENCH written " + file);
    }
  }
}
