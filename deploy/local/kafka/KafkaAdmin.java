/*
 * Small admin tool for the local Kafka broker (deploy/local/kafka.sh). A single-file program:
 * run it from source with the broker's classpath, which has kafka-clients on it (JDK 11+):
 *
 *   java -cp "$CP" deploy/local/kafka/KafkaAdmin.java wait <bootstrap> <timeoutSeconds>
 *   java -cp "$CP" deploy/local/kafka/KafkaAdmin.java create-topics <bootstrap> [--wait <seconds>] [name:partitions[:key=value,...] ...]
 *   java -cp "$CP" deploy/local/kafka/KafkaAdmin.java describe-topics <bootstrap> [topic ...]
 *
 * `deploy/local/kafka.sh classpath` prints the path of the file holding $CP.
 *
 * wait            returns once the broker answers a metadata request (a live broker in
 *                 DescribeCluster and a successful ListTopics), or fails after the timeout.
 * create-topics   creates Flotilla's topics (TOPICS below), or the ones given as arguments,
 *                 idempotently: existing topics are fine, their listed configs are brought
 *                 in line, and a partition count that differs is reported (never changed).
 *                 Prints one summary line. With --wait, first does what `wait` does.
 * describe-topics prints "topic partitions cleanup.policy", one topic a line, sorted; all
 *                 non-internal topics unless some are named.
 *
 * Exit codes: 0 done, 1 failed (message on stderr), 2 bad usage.
 */

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

public class KafkaAdmin {

  /** A topic to create: name, partition count and topic-level configs. */
  record Topic(String name, int partitions, Map<String, String> configs) {
    NewTopic toNewTopic() {
      return new NewTopic(name, partitions, (short) 1).configs(configs);
    }

    /** Parses {@code name:partitions[:key=value,key=value]}. */
    static Topic parse(String spec) {
      String[] parts = spec.split(":", 3);
      if (parts.length < 2 || parts[0].isBlank()) {
        throw new IllegalArgumentException("topic spec '" + spec + "' is not name:partitions[:key=value,...]");
      }
      int partitions;
      try {
        partitions = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("topic spec '" + spec + "': partitions is not a number");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException("topic spec '" + spec + "': partitions must be at least 1");
      }
      Map<String, String> configs = new LinkedHashMap<>();
      if (parts.length == 3 && !parts[2].isBlank()) {
        for (String kv : parts[2].split(",")) {
          int eq = kv.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("topic spec '" + spec + "': config '" + kv + "' is not key=value");
          }
          configs.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      return new Topic(parts[0], partitions, configs);
    }
  }

  private static final String DELETE = "cleanup.policy=delete";

  /** Flotilla's topics (INTERFACES.md §4). Keep in step with the services' configuration. */
  static final List<Topic> TOPICS = List.of(
      Topic.parse("flotilla.commits:6:" + DELETE),
      // Compacted on its key (app/cluster): only the latest desired state matters, but nothing
      // younger than an hour is compacted away, so consumers that lag still see every change.
      Topic.parse("flotilla.desired:12:cleanup.policy=compact,min.compaction.lag.ms=3600000"),
      Topic.parse("flotilla.sync-results:12:" + DELETE),
      Topic.parse("flotilla.drift:12:" + DELETE),
      // One partition: commands are applied in the order they were given (a "resume all" must not
      // overtake the "pause cluster X" or the rollback before it), whatever their keys.
      Topic.parse("flotilla.control:1:" + DELETE),
      Topic.parse("flotilla.watch-state:3:cleanup.policy=compact"),
      Topic.parse("flotilla.dead-letter:3:" + DELETE));

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  /** How long create-topics retries while a just-started broker is still fenced. */
  private static final Duration CREATE_RETRY = Duration.ofSeconds(30);

  public static void main(String[] args) {
    if (args.length < 2) {
      usage("missing arguments");
    }
    String cmd = args[0];
    String bootstrap = args[1];
    List<String> rest = List.of(args).subList(2, args.length);
    int rc;
    try {
      rc = switch (cmd) {
        case "wait" -> {
          if (rest.size() != 1 || !rest.get(0).matches("[0-9]+")) {
            usage("wait needs <bootstrap> <timeoutSeconds>");
          }
          yield waitReady(bootstrap, Duration.ofSeconds(Long.parseLong(rest.get(0))));
        }
        case "create-topics" -> {
          // Optional "--wait <seconds>" first: wait for the broker in the same JVM (saves a
          // JVM start when a script does wait + create-topics back to back).
          if (!rest.isEmpty() && rest.get(0).equals("--wait")) {
            if (rest.size() < 2 || !rest.get(1).matches("[0-9]+")) {
              usage("create-topics --wait needs a number of seconds");
            }
            int rcWait = waitReady(bootstrap, Duration.ofSeconds(Long.parseLong(rest.get(1))));
            if (rcWait != 0) {
              yield rcWait;
            }
            rest = rest.subList(2, rest.size());
          }
          yield createTopics(bootstrap, rest.isEmpty() ? TOPICS : rest.stream().map(Topic::parse).toList());
        }
        case "describe-topics" -> describeTopics(bootstrap, rest);
        default -> {
          usage("unknown command '" + cmd + "'");
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      System.err.println("KafkaAdmin: " + e.getMessage());
      rc = 2;
    } catch (Exception e) {
      System.err.println("KafkaAdmin: " + cmd + " on " + bootstrap + " failed: " + describe(e));
      rc = 1;
    }
    System.exit(rc);
  }

  static void usage(String why) {
    System.err.println("KafkaAdmin: " + why + """

        usage: java -cp "$CP" KafkaAdmin.java wait <bootstrap> <timeoutSeconds>
               java -cp "$CP" KafkaAdmin.java create-topics <bootstrap> [--wait <seconds>] [name:partitions[:key=value,...] ...]
               java -cp "$CP" KafkaAdmin.java describe-topics <bootstrap> [topic ...]""");
    System.exit(2);
  }

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "flotilla-local-admin");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT.toMillis()));
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
    return Admin.create(p);
  }

  // ---- wait ----------------------------------------------------------------------------

  static int waitReady(String bootstrap, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    try (Admin admin = admin(bootstrap)) {
      while (true) {
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
          break;
        }
        int callMs = (int) Math.min(remainingMs, 5000);
        try {
          DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(callMs));
          Collection<Node> nodes = cluster.nodes().get();
          if (!nodes.isEmpty()) {
            admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(callMs)).names().get();
            System.out.printf("ready: %s, %d broker(s), cluster id %s%n",
                bootstrap, nodes.size(), cluster.clusterId().get());
            return 0;
          }
          last = new IllegalStateException("no live broker in the cluster metadata yet");
        } catch (ExecutionException e) {
          last = e.getCause();
        }
        Thread.sleep(200);
      }
    }
    System.err.printf("KafkaAdmin: %s not ready after %d s: %s%n",
        bootstrap, timeout.toSeconds(), last == null ? "timed out" : describe(last));
    return 1;
  }

  // ---- create-topics -------------------------------------------------------------------

  static int createTopics(String bootstrap, List<Topic> topics) throws Exception {
    int created = 0;
    int existed = 0;
    int failed = 0;
    long retryUntil = System.nanoTime() + CREATE_RETRY.toNanos();
    try (Admin admin = admin(bootstrap)) {
      List<Topic> pending = topics;
      while (!pending.isEmpty()) {
        Map<String, KafkaFuture<Void>> results =
            admin.createTopics(pending.stream().map(Topic::toNewTopic).toList()).values();
        List<Topic> retry = new ArrayList<>();
        for (Topic t : pending) {
          try {
            results.get(t.name()).get();
            created++;
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
              existed++;
            } else if ((cause instanceof InvalidReplicationFactorException || cause instanceof RetriableException)
                && System.nanoTime() < retryUntil) {
              retry.add(t); // a broker that has just started may not be registered yet
            } else {
              System.err.println("KafkaAdmin: could not create " + t.name() + ": " + describe(cause));
              failed++;
            }
          }
        }
        pending = retry;
        if (!pending.isEmpty()) {
          Thread.sleep(300);
        }
      }
      if (failed > 0) {
        return 1;
      }

      // Existing topics: report partition counts that differ, converge the listed configs.
      List<String> names = topics.stream().map(Topic::name).toList();
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
      Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
          .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
      Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
      for (Topic t : topics) {
        int actual = descriptions.get(t.name()).partitions().size();
        if (actual != t.partitions()) {
          System.err.printf("KafkaAdmin: warning: %s has %d partitions, %d expected; left as is "
              + "(delete the topic or reset the state dir to recreate it)%n", t.name(), actual, t.partitions());
        }
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, t.name());
        Config current = configs.get(res);
        for (Map.Entry<String, String> want : t.configs().entrySet()) {
          ConfigEntry have = current.get(want.getKey());
          if (have == null || !want.getValue().equals(have.value())) {
            changes.computeIfAbsent(res, r -> new ArrayList<>()).add(new AlterConfigOp(
                new ConfigEntry(want.getKey(), want.getValue()), AlterConfigOp.OpType.SET));
          }
        }
      }
      if (!changes.isEmpty()) {
        admin.incrementalAlterConfigs(changes).all().get();
        changes.forEach((res, ops) -> System.out.printf("updated %s: %s%n", res.name(), ops.stream()
            .map(op -> op.configEntry().name() + "=" + op.configEntry().value())
            .collect(Collectors.joining(","))));
      }
    }
    System.out.printf("%d topics ready on %s (%d created, %d already existed)%n",
        topics.size(), bootstrap, created, existed);
    return 0;
  }

  // ---- describe-topics -----------------------------------------------------------------

  static int describeTopics(String bootstrap, List<String> requested) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      TreeSet<String> names = new TreeSet<>(requested.isEmpty() ? admin.listTopics().names().get() : requested);
      if (names.isEmpty()) {
        System.err.println("KafkaAdmin: no topics on " + bootstrap);
        return 0;
      }
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
      Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
          .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
      int width = names.stream().mapToInt(String::length).max().orElse(0);
      for (String name : names) {
        ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get("cleanup.policy");
        System.out.printf("%-" + width + "s %3d %s%n",
            name, descriptions.get(name).partitions().size(), policy == null ? "?" : policy.value());
      }
    }
    return 0;
  }

  static String describe(Throwable t) {
    while (t instanceof ExecutionException && t.getCause() != null) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
