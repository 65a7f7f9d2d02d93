package io.flotilla.gitwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import io.flotilla.events.WatchFailed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real broker, real Git repositories: commits on the watched branch become CommitDetected. */
@QuarkusTest
@QuarkusTestResource(value = GitFleetResource.class, restrictToAnnotatedClass = true)
class WatcherComponentTest {
  static final String BOOTSTRAP =
      System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  static CommitsTail tail;

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
    tail = new CommitsTail(BOOTSTRAP, GitFleetResource.APP);
  }

  @AfterAll
  static void close() {
    tail.close();
  }

  /** Every event read so far for {@code app}, in topic order. */
  static List<FlotillaEvent> events(String app) {
    return tail.poll().stream().map(CloudEvent::data).filter(e -> e.app().equals(app)).toList();
  }

  static List<CommitDetected> commits(String app) {
    return events(app).stream()
        .filter(CommitDetected.class::isInstance)
        .map(CommitDetected.class::cast)
        .toList();
  }

  static List<CommitDetected> commitsOfTestApp() {
    return commits(GitFleetResource.APP);
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
    CloudEvent<FlotillaEvent> envelope =
        tail.poll().stream().filter(e -> e.data() == initial).findFirst().orElseThrow();
    assertThat(envelope.type()).isEqualTo("io.flotilla.commit.detected.v1");
    assertThat(envelope.source()).startsWith("/flotilla/git-watcher/");
    assertThat(envelope.key()).isEqualTo(GitFleetResource.APP);

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

  /** The CommitDetected of every app of the monorepo, in topic order. */
  static List<CommitDetected> monorepoCommits() {
    return tail.poll().stream()
        .map(CloudEvent::data)
        .filter(e -> e instanceof CommitDetected && e.app().startsWith(GitFleetResource.APP_MONO))
        .map(CommitDetected.class::cast)
        .toList();
  }

  @Test
  void aMonorepoCommitShouldAnnounceEveryAppItChangesAndRememberThemAll() throws Exception {
    int apps = GitFleetResource.MONO_APPS;
    String first = GitFleetResource.monoFirstSha;
    List<String> names =
        java.util.stream.IntStream.range(0, apps)
            .mapToObj(i -> "%s-%03d".formatted(GitFleetResource.APP_MONO, i))
            .toList();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(monorepoCommits()).hasSize(apps));
    assertThat(monorepoCommits())
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .containsExactlyInAnyOrderElementsOf(
            names.stream().map(a -> tuple(a, first, null)).toList());

    String changed =
        GitFleetResource.commitMono("apiVersion: v1\nkind: ConfigMap\n# 2\n", "all services");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(monorepoCommits()).hasSize(2 * apps));
    assertThat(monorepoCommits().subList(apps, 2 * apps))
        .extracting(CommitDetected::app, CommitDetected::sha, CommitDetected::previousSha)
        .containsExactlyInAnyOrderElementsOf(
            names.stream().map(a -> tuple(a, changed, first)).toList());
    // remembered once all were acknowledged: a restarted watcher would announce none again
    var store =
        new io.flotilla.gitwatcher.kafka.KafkaWatchStateStore(BOOTSTRAP, Topics.WATCH_STATE);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Map<String, io.flotilla.gitwatcher.domain.Announced> state = store.load();
                assertThat(names)
                    .allSatisfy(a -> assertThat(state.get(a).sha()).isEqualTo(changed));
              });
    } finally {
      store.close();
    }
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(monorepoCommits()).hasSize(2 * apps));
  }

  static List<WatchFailed> failures(String app) {
    return events(app).stream()
        .filter(WatchFailed.class::isInstance)
        .map(WatchFailed.class::cast)
        .toList();
  }

  @Test
  void deletedBranchShouldBeReportedOnceAndAnnounceNothing() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(commits(GitFleetResource.APP_DOOMED)).hasSize(1));

    GitFleetResource.appRepo.branchDelete().setBranchNames("doomed").setForce(true).call();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(failures(GitFleetResource.APP_DOOMED)).hasSize(1));
    WatchFailed failed = failures(GitFleetResource.APP_DOOMED).get(0);
    assertThat(failed.ref()).isEqualTo("doomed");
    assertThat(failed.reason()).isEqualTo("branch 'doomed' does not exist");
    // polled every second: still one report, and no commit announced
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(failures(GitFleetResource.APP_DOOMED)).hasSize(1);
              assertThat(commits(GitFleetResource.APP_DOOMED)).hasSize(1);
            });
  }

  @Test
  void commitPinnedToAMissingShaShouldBeReportedNotAnnounced() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(failures(GitFleetResource.APP_PIN_MISSING)).hasSize(1));

    assertThat(failures(GitFleetResource.APP_PIN_MISSING).get(0).reason())
        .contains("commit " + GitFleetResource.MISSING_SHA + " does not exist");
    assertThat(commits(GitFleetResource.APP_PIN_MISSING)).isEmpty();
  }

  @Test
  void unreachableRepoShouldBeReportedOnceWithoutItsCredentials() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(failures(GitFleetResource.APP_UNREACHABLE)).hasSize(1));
    WatchFailed failed = failures(GitFleetResource.APP_UNREACHABLE).get(0);

    assertThat(failed.repoUrl()).isEqualTo("https://***@127.0.0.1:9/none.git");
    assertThat(failed.reason()).contains("ls-remote https://***@127.0.0.1:9/none.git failed");
    assertThat(tail.poll())
        .filteredOn(e -> e.data().app().equals(GitFleetResource.APP_UNREACHABLE))
        .allSatisfy(
            e -> assertThat(new EventCodec().encode(e)).doesNotContain(GitFleetResource.SECRET));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(failures(GitFleetResource.APP_UNREACHABLE)).hasSize(1));
  }

  @Test
  void webhookShouldBeRefusedUntilASecretIsConfigured() {
    given()
        .contentType("application/json")
        .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
        .body("{\"repository\": {\"clone_url\": \"https://github.com/acme/apps.git\"}}")
        .post("/api/v1/webhooks/github")
        .then()
        .statusCode(503)
        .body("error", equalTo("webhook-secret-not-configured"))
        .body("message", containsString("FLOTILLA_WEBHOOK_SECRET"))
        .body("message", containsString("FLOTILLA_WEBHOOK_SECRET_GITHUB"));
  }

  @Test
  void healthShouldReportTheLoadedFleet() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(
            "checks.find { it.name == 'fleet' }.data.apps",
            equalTo(7 + GitFleetResource.MONO_APPS));
  }

  @Test
  void shouldFollowTagsSemverRangesAndPinnedCommits() throws Exception {
    String first = GitFleetResource.firstSha;
    String next = GitFleetResource.nextSha;

    // first sightings: the highest tag in ~1.4, the annotated tag's commit, the pinned SHA
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(commits(GitFleetResource.APP_SEMVER))
                  .extracting(CommitDetected::ref, CommitDetected::sha)
                  .containsExactly(tuple("v1.4.0", first));
              assertThat(commits(GitFleetResource.APP_TAG))
                  .extracting(CommitDetected::ref, CommitDetected::sha)
                  .containsExactly(tuple("stable", first));
              assertThat(commits(GitFleetResource.APP_PIN))
                  .extracting(CommitDetected::ref, CommitDetected::sha)
                  .containsExactly(tuple(first, first));
            });

    // a tag out of range changes nothing; a higher one in range is announced under its name,
    // and moving the annotated tag is announced too
    Git repo = GitFleetResource.appRepo;
    ObjectId nextId = repo.getRepository().resolve(next);
    try (RevWalk walk = new RevWalk(repo.getRepository())) {
      repo.tag().setName("v2.0.0").setObjectId(walk.parseCommit(nextId)).setAnnotated(false).call();
      repo.tag().setName("1.4.1").setObjectId(walk.parseCommit(nextId)).setAnnotated(false).call();
      repo.tag()
          .setName("stable")
          .setObjectId(walk.parseCommit(nextId))
          .setMessage("stable again")
          .setTagger(GitFleetResource.ALICE)
          .setForceUpdate(true)
          .call();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(commits(GitFleetResource.APP_SEMVER))
                  .extracting(CommitDetected::ref, CommitDetected::sha, CommitDetected::previousSha)
                  .containsExactly(tuple("v1.4.0", first, null), tuple("1.4.1", next, first));
              assertThat(commits(GitFleetResource.APP_TAG))
                  .extracting(CommitDetected::sha, CommitDetected::previousSha)
                  .containsExactly(tuple(first, null), tuple(next, first));
            });
    assertThat(commits(GitFleetResource.APP_SEMVER).get(1).message()).isEqualTo("next");
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(commits(GitFleetResource.APP_SEMVER)).hasSize(2);
              assertThat(commits(GitFleetResource.APP_PIN)).hasSize(1);
            });
  }
}
