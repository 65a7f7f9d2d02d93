package io.flotilla.renderer.kafka;

import io.flotilla.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Before the renderer starts: real Git repositories in a temp dir (see {@link TestRepos}) and the
 * topics on the test broker ({@code KAFKA_BOOTSTRAP}, default 127.0.0.1:19092), with a consumer
 * group of its own for this run.
 */
public class RendererTestResource implements QuarkusTestResourceLifecycleManager {
  private Path dir;
  private TestRepos repos;
  private TestKafka kafka;

  @Override
  public Map<String, String> start() {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    try {
      dir = Files.createTempDirectory("renderer-test-");
      repos = TestRepos.create(dir);
      kafka = new TestKafka(bootstrap, "flotilla-renderer-test-" + UUID.randomUUID());
      kafka.createTopics(
          Map.of(Topics.COMMITS, 6, Topics.DESIRED, 12, Topics.DEAD_LETTER, 3, Topics.CONTROL, 3));
      kafka.startGroupAtEnd(Topics.COMMITS);
      kafka.startGroupAtEnd(kafka.controlGroup(), Topics.CONTROL);
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the renderer's test fixtures: " + e, e);
    }
    return Map.of(
        "flotilla.fleet.repo",
        repos.fleetUrl(),
        "flotilla.fleet.ref",
        "main",
        "flotilla.cache-dir",
        dir.resolve("cache").toString(),
        "flotilla.instance",
        "component-test",
        "kafka.bootstrap.servers",
        bootstrap,
        "mp.messaging.incoming.commits.group.id",
        kafka.group(),
        "mp.messaging.incoming.control.group.id",
        kafka.controlGroup());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(repos, new TestInjector.MatchesType(TestRepos.class));
    injector.injectIntoFields(kafka, new TestInjector.MatchesType(TestKafka.class));
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (dir != null) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
