package io.flotilla.gitwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real broker, real Git repositories: commits on the watched branch become CommitDetected. */
@QuarkusTest
@QuarkusTestResource(value = GitFleetResource.class, restrictToAnnotatedClass = true)
class WatcherComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static KafkaConsumer<String, String> consumer;
  static final List<CloudEvent<FlotillaEvent>> seen = new ArrayList<>();

  @BeforeAll
  static void subscribe() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
      if (!admin.listTopics().names().get().contains(Topics.COMMITS)) {
        try {
          admin.createTopics(List.of(new NewTopic(Topics.COMMITS, 6, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
          // the service may have created it first on a broker that auto-creates topics
          assertThat(e.getCause())
              .isInstanceOf(org.apache.kafka.common.errors.TopicExistsException.class);
        }
      }
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(Topics.COMMITS));
  }

  @AfterAll
  static void close() {
    consumer.close();
  }

  static List<CommitDetected> commitsOfTestApp() {
    var codec = new EventCodec();
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(
            r -> {
              if (r.key().equals(GitFleetResource.APP)) {
                seen.add(codec.decode(r.value()));
              }
            });
    return seen.stream().map(e -> (CommitDetected) e.data()).toList();
  }

  @Test
  void shouldAnnounceFirstSightingThenEachNewCommitExactlyOnce() throws Exception {
    String first = GitFleetResource.appRepo.getRepository().resolve("refs/heads/main").name();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(commitsOfTestApp()).hasSize(1));
    CommitDetected initial = commitsOfTestApp().get(0);
    assertThat(initial.sha()).isEqualTo(first);
    assertThat(initial.previousSha()).isNull();
    assertThat(initial.ref()).isEqualTo("main");
    assertThat(initial.author().email()).isEqualTo("alice@example.com");
    assertThat(initial.message()).isEqualTo("first");
    assertThat(seen.get(0).type()).isEqualTo("io.flotilla.commit.detected.v1");
    assertThat(seen.get(0).source()).startsWith("/flotilla/git-watcher/");

    String second =
        GitFleetResource.commit(
            GitFleetResource.appRepo, "guestbook/cm.yaml", "apiVersion: v1\nkind: X\n", "second");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(commitsOfTestApp()).hasSize(2));
    CommitDetected next = commitsOfTestApp().get(1);
    assertThat(next.sha()).isEqualTo(second);
    assertThat(next.previousSha()).isEqualTo(first);
    assertThat(next.message()).isEqualTo("second");

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(commitsOfTestApp()).hasSize(2));
  }

  @Test
  void healthShouldReportTheLoadedFleet() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'fleet' }.data.apps", equalTo(1));
  }
}
