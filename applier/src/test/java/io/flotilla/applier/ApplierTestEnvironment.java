package io.flotilla.applier;

import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Everything the applier needs around it, started before Quarkus: the Kafka topics (on the broker
 * named by {@code KAFKA_BOOTSTRAP}; created when missing, as auto-creation may be off), three
 * fleet-sim clusters with their kubeconfigs in a temporary credentials folder, and a fleet repo
 * made with JGit (sim-1 {@code env=staging}, sim-2 and sim-3 {@code env=prod}; app {@code
 * guestbook} targets {@code env=prod}). Two more clusters cannot be used: {@code lab-1}'s
 * kubeconfig file is missing, {@code lab-2}'s is not a kubeconfig (and holds {@link #SECRET}, which
 * must never show).
 *
 * <p>The consumer group is new for every run and starts at the current end of {@code
 * flotilla.desired}, so records left by earlier runs on a shared broker are not replayed.
 */
public class ApplierTestEnvironment implements QuarkusTestResourceLifecycleManager {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static final String SECRET = "s3cr3t-token-0123456789";
  static final Map<String, Integer> TOPICS =
      Map.of(
          Topics.COMMITS,
          12,
          Topics.DESIRED,
          12,
          Topics.SYNC_RESULTS,
          12,
          Topics.DEAD_LETTER,
          3,
          Topics.CONTROL,
          3,
          Topics.DRIFT,
          12);
  static final String TOKEN = "test-token-0123456789abcdef";

  private Path workDir;
  private FleetSim fleetSim;
  private String group;
  private FleetRepo fleetRepoHandle;
  private final Map<String, String> overrides = new HashMap<>();

  /** {@code initArgs} of {@code @QuarkusTestResource} override the settings below. */
  @Override
  public void init(Map<String, String> initArgs) {
    overrides.putAll(initArgs);
  }

  @Override
  public Map<String, String> start() {
    try {
      workDir = Files.createTempDirectory("applier-component-");
      Path credentials = Files.createDirectories(workDir.resolve("credentials"));
      group = "flotilla-applier-test-" + UUID.randomUUID();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
        createMissingTopics(admin);
        resumeEverything();
        startGroupAtEnd(admin, group);
      }
      // sim-4 runs but is not in the fleet until a test adds it
      fleetSim = FleetSim.start(FleetSimOptions.defaults(4).withOutDir(credentials));
      Files.writeString(
          credentials.resolve("lab-2.kubeconfig"),
          "apiVersion: v1\nusers:\n- name: x\n  user: {token: " + SECRET + "}\n  [unclosed: {\n");
      Files.writeString(credentials.resolve("api-tokens"), TOKEN + " alice@example.com\n");
      Path fleetRepo = fleetRepo(workDir.resolve("fleet"));
      fleetRepoHandle = new FleetRepo(fleetRepo);
      Map<String, String> config = new HashMap<>();
      config.put("kafka.bootstrap.servers", BOOTSTRAP);
      config.put("mp.messaging.incoming.desired.group.id", group);
      config.put("flotilla.fleet.repo", "file://" + fleetRepo.toAbsolutePath());
      config.put("flotilla.fleet.ref", "main");
      config.put("flotilla.credentials-dir", credentials.toString());
      config.put("flotilla.cache-dir", workDir.resolve("cache").toString());
      config.put("flotilla.instance", "component-test");
      config.put("flotilla.fleet.refresh-interval", "2s");
      config.put("flotilla.cluster.retry-attempts", "3");
      config.put("flotilla.health.poll-interval", "500ms");
      config.put("flotilla.drift.interval", "1s");
      config.put("flotilla.cluster.retry-initial", "100ms");
      config.put("flotilla.apply.retry-base", "1s");
      config.put("flotilla.apply.retry-max", "2s");
      config.putAll(overrides);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException | ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("test environment did not start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        fleetSim, new TestInjector.AnnotatedAndMatchesType(InjectFleetSim.class, FleetSim.class));
    injector.injectIntoFields(
        fleetRepoHandle,
        new TestInjector.AnnotatedAndMatchesType(InjectFleetSim.class, FleetRepo.class));
  }

  /** Runs after the application stopped: its consumer group is empty and can go. */
  @Override
  public void stop() {
    if (fleetSim != null) {
      fleetSim.close();
    }
    if (group != null) {
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
        admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("cannot delete test consumer group " + group, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (workDir != null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + workDir, e);
      }
    }
  }

  /**
   * Pauses and rollbacks left on {@code flotilla.control} by earlier runs on a shared broker would
   * be replayed: start from a clean slate.
   */
  static void resumeEverything() {
    try (var producer = KafkaTestClients.producer()) {
      KafkaTestClients.send(
          producer,
          Topics.CONTROL,
          "*",
          KafkaTestClients.envelope(
              new io.flotilla.events.ResumeRequested(
                  null, null, true, "test run starts", "test", java.time.Instant.now())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot reset flotilla.control: " + e.getMessage(), e);
    }
  }

  static void createMissingTopics(Admin admin)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<NewTopic> missing =
        TOPICS.entrySet().stream()
            .filter(t -> !existing.contains(t.getKey()))
            .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
            .toList();
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }
  }

  static void startGroupAtEnd(Admin admin, String group)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    int partitions =
        admin
            .describeTopics(List.of(Topics.DESIRED))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(Topics.DESIRED)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(Topics.DESIRED, p), OffsetSpec.latest());
    }
    Map<TopicPartition, OffsetAndMetadata> ends =
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
    admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
  }

  /** The test's fleet repo: tests commit changes to it while the applier runs. */
  public static final class FleetRepo {
    private final Path dir;

    FleetRepo(Path dir) {
      this.dir = dir;
    }

    /** Writes {@code file} (relative path) and commits it on main; returns the commit. */
    public synchronized String commit(String file, String content, String message)
        throws IOException, GitAPIException {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, content);
      try (Git git = Git.open(dir.toFile())) {
        git.add().addFilepattern(".").call();
        return git.commit()
            .setMessage(message)
            .setAuthor("Test", "test@example.com")
            .setCommitter("Test", "test@example.com")
            .setSign(false)
            .call()
            .name();
      }
    }
  }

  private static Path fleetRepo(Path dir) throws IOException, GitAPIException {
    Files.createDirectories(dir.resolve("clusters"));
    Files.createDirectories(dir.resolve("apps"));
    for (int i = 1; i <= 3; i++) {
      Files.writeString(
          dir.resolve("clusters/sim-" + i + ".yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Cluster
          metadata:
            name: sim-%d
            labels: {env: %s}
          spec:
            kubeconfig:
              secretRef: sim-%d.kubeconfig
          """
              .formatted(i, i == 1 ? "staging" : "prod", i));
    }
    for (int i = 1; i <= 2; i++) {
      Files.writeString(
          dir.resolve("clusters/lab-" + i + ".yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Cluster
          metadata:
            name: lab-%d
            labels: {env: lab}
          spec:
            kubeconfig:
              secretRef: lab-%d.kubeconfig
          """
              .formatted(i, i));
    }
    Files.writeString(
        dir.resolve("apps/guestbook.yaml"),
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: guestbook
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            ref: main
            path: guestbook
          destination:
            namespace: guestbook
            clusterSelector:
              matchExpressions: [{key: env, operator: In, values: [prod, lab]}]
        """);
    Files.writeString(
        dir.resolve("apps/probe.yaml"),
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: probe
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            path: probe
          destination:
            namespace: probe
            clusterSelector: {matchLabels: {env: prod}}
        """);
    Files.writeString(
        dir.resolve("apps/spread.yaml"),
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: spread
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            path: spread
          destination:
            namespace: spread
            clusterSelector:
              matchExpressions: [{key: env, operator: In, values: [staging, prod]}]
        """);
    Files.writeString(
        dir.resolve("apps/canary.yaml"),
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata:
          name: canary
        spec:
          source:
            repoURL: file:///srv/git/apps.git
            path: canary
          destination:
            namespace: canary
            clusterSelector: {matchLabels: {env: prod}}
          rollback:
            onDegraded: true
            timeout: 3s
        """);
    for (String app : List.of("drifty", "healer")) {
      Files.writeString(
          dir.resolve("apps/" + app + ".yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata:
            name: %s
          spec:
            source:
              repoURL: file:///srv/git/apps.git
              path: %s
            destination:
              namespace: %s
              clusterSelector: {matchLabels: {env: staging}}
            syncPolicy:
              selfHeal: %s
          """
              .formatted(app, app, app, app.equals("healer")));
    }
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("fleet: three simulated clusters, guestbook on prod")
          .setAuthor("Test", "test@example.com")
          .setCommitter("Test", "test@example.com")
          .setSign(false)
          .call();
    }
    return dir;
  }
}
