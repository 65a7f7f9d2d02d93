package io.flotilla.gitwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.gitwatcher.app.Watcher;
import io.flotilla.gitwatcher.webhook.WebhookVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The push strategy against real repositories and the real broker. The poll runs once an hour, so a
 * commit announced within seconds of a webhook was found because of it.
 */
@QuarkusTest
@QuarkusTestResource(value = WebhookFleetResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookComponentTest {
  static CommitsTail tail;

  @BeforeAll
  static void subscribe() {
    tail = new CommitsTail(WatcherComponentTest.BOOTSTRAP, WebhookFleetResource.PREFIX);
  }

  @AfterAll
  static void close() {
    tail.close();
  }

  static List<CommitDetected> commits(String app) {
    return tail.poll().stream()
        .map(CloudEvent::data)
        .filter(e -> e.app().equals(app) && e instanceof CommitDetected)
        .map(CommitDetected.class::cast)
        .toList();
  }

  static String generic(String repoUrl) {
    return "{\"repoURL\": \"" + repoUrl + "\"}";
  }

  static io.restassured.response.ValidatableResponse post(
      String provider, String header, String signature, String body) {
    var request = given().contentType("application/json").body(body);
    if (signature != null) {
      request = request.header(header, signature);
    }
    return request.post("/api/v1/webhooks/" + provider).then();
  }

  static io.restassured.response.ValidatableResponse postGeneric(String body) {
    return post(
        "generic",
        "X-Flotilla-Signature",
        WebhookVerifier.sign(WebhookFleetResource.SECRET, body.getBytes(StandardCharsets.UTF_8)),
        body);
  }

  @Inject Watcher watcher;

  /**
   * Waits up to 10 s until {@code app} has {@code count} CommitDetected. When it does not, the
   * failure says what the watcher saw: its state of the app, whether it owns {@code repo}, which
   * files the test's last commit to {@code repo} touched, and every event of this test's apps.
   */
  void awaitCommits(String app, int count, Git repo) {
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(commits(app)).hasSize(count));
    } catch (ConditionTimeoutException e) {
      String url = WebhookFleetResource.url(repo);
      StringBuilder out = new StringBuilder();
      out.append(app)
          .append(" has not ")
          .append(count)
          .append(" CommitDetected; the watcher's state of it: ")
          .append(watcher.watchOf(app).map(Object::toString).orElse("none"))
          .append("; owns ")
          .append(url)
          .append(": ")
          .append(watcher.owns(url))
          .append("; the last commit touched ")
          .append(touchedByHead(repo))
          .append("; events of this test's apps:");
      for (CloudEvent<?> ev : tail.poll()) {
        out.append("\n  ");
        if (ev.data() instanceof CommitDetected c) {
          out.append(
              "CommitDetected %s %.8s (previous %.8s, \"%s\"%s%s)"
                  .formatted(
                      c.app(),
                      c.sha(),
                      c.previousSha(),
                      c.message(),
                      c.forced() ? ", forced" : "",
                      c.cause() == null ? "" : ", " + c.cause()));
        } else {
          out.append(ev.type()).append(' ').append(ev.data());
        }
      }
      throw new AssertionError(out.toString(), e);
    }
  }

  /** The files the head commit of {@code repo} changed against its parent. */
  static String touchedByHead(Git repo) {
    Repository r = repo.getRepository();
    try (ObjectReader reader = r.newObjectReader()) {
      CanonicalTreeParser parent = new CanonicalTreeParser();
      parent.reset(reader, r.resolve("HEAD~1^{tree}"));
      CanonicalTreeParser head = new CanonicalTreeParser();
      head.reset(reader, r.resolve("HEAD^{tree}"));
      return repo
          .diff()
          .setOldTree(parent)
          .setNewTree(head)
          .setShowNameAndStatusOnly(true)
          .call()
          .stream()
          .map(DiffEntry::getNewPath)
          .toList()
          .toString();
    } catch (Exception e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The app's first commit announced, whether by the start-up poll or by a webhook. */
  static CommitDetected firstSighting(String app, Git repo) {
    postGeneric(generic(WebhookFleetResource.url(repo))).statusCode(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(commits(app)).hasSize(1));
    return commits(app).get(0);
  }

  @Test
  @Order(1)
  void signedGenericWebhookShouldAnnounceANewCommitLongBeforeTheNextPoll() throws Exception {
    Git repo = WebhookFleetResource.hooked;
    firstSighting(WebhookFleetResource.APP, repo);
    String second =
        GitFleetResource.commit(repo, "guestbook/cm.yaml", "kind: ConfigMap\n# 2\n", "second");
    // the URL as a Git host would name it: no trailing slash, no ".git" folder
    String named = WebhookFleetResource.url(repo).replaceAll("/\\.git/?$", "");

    postGeneric(generic(named))
        .statusCode(202)
        .body("accepted", equalTo(true))
        .body("repos", contains(WebhookFleetResource.url(repo)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(commits(WebhookFleetResource.APP))
                    .extracting(CommitDetected::sha)
                    .endsWith(second));
    assertThat(commits(WebhookFleetResource.APP)).hasSize(2);
  }

  @Test
  @Order(2)
  void githubWebhookShouldBeVerifiedWithGithubsOwnSecretAndIgnoreThePayloadSha() throws Exception {
    Git repo = WebhookFleetResource.hooked;
    String head = repo.getRepository().resolve("refs/heads/main").name();
    String body =
        """
        {"ref": "refs/heads/main", "after": "0123456789abcdef0123456789abcdef01234567",
         "repository": {"clone_url": "%s", "html_url": "https://github.com/acme/unrelated"}}
        """
            .formatted(WebhookFleetResource.url(repo));
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);

    post(
            "github",
            "X-Hub-Signature-256",
            WebhookVerifier.sign(WebhookFleetResource.SECRET, raw),
            body)
        .statusCode(401)
        .body("error", equalTo("signature-invalid"));
    post(
            "github",
            "X-Hub-Signature-256",
            WebhookVerifier.sign(WebhookFleetResource.GITHUB_SECRET, raw),
            body)
        .statusCode(202)
        .body("accepted", equalTo(true));

    // nothing moved: the SHA in the payload is not announced, nor anything else
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () ->
                assertThat(commits(WebhookFleetResource.APP))
                    .extracting(CommitDetected::sha)
                    .doesNotContain("0123456789abcdef0123456789abcdef01234567")
                    .last()
                    .isEqualTo(head));
  }

  @Test
  @Order(3)
  void badOrMissingSignatureShouldBeRefusedWith401() {
    String body = generic(WebhookFleetResource.url(WebhookFleetResource.hooked));

    post("generic", "X-Flotilla-Signature", "sha256=" + "0".repeat(64), body)
        .statusCode(401)
        .body("error", equalTo("signature-invalid"))
        .body("message", containsString("X-Flotilla-Signature"));
    post("generic", "X-Flotilla-Signature", null, body)
        .statusCode(401)
        .body("error", equalTo("signature-missing"));
    post("gitlab", "X-Gitlab-Token", "not-the-secret", "{}")
        .statusCode(401)
        .body("error", equalTo("signature-invalid"));
  }

  @Test
  @Order(4)
  void oversizedBodyShouldBeRefusedWith413Json() {
    String body = generic("x".repeat(1024 * 1024));

    postGeneric(body)
        .statusCode(413)
        .contentType("application/json")
        .body("error", equalTo("payload-too-large"))
        .body("message", containsString("flotilla.webhook.max-body-size"));
  }

  @TestHTTPResource("/api/v1/webhooks/generic")
  URI genericUrl;

  @Test
  @Order(4)
  void oversizedBodySentWithoutALengthShouldBeCutOffWith413Json() throws Exception {
    byte[] body = generic("y".repeat(1024 * 1024 + 10)).getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(genericUrl)
            .header("Content-Type", "application/json")
            .header("X-Flotilla-Signature", WebhookVerifier.sign(WebhookFleetResource.SECRET, body))
            // a stream of unknown length goes out chunked: no Content-Length to refuse up front
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).contains("\"error\":\"payload-too-large\"");
  }

  @Test
  @Order(5)
  void malformedJsonShouldBeRefusedWith400AndTheParsersReason() {
    postGeneric("{\"repoURL\": ")
        .statusCode(400)
        .body("error", equalTo("malformed-payload"))
        .body("message", containsString("the body is not valid JSON"));
    postGeneric("{\"ref\": \"main\"}")
        .statusCode(400)
        .body("message", containsString("names no repository"));
  }

  @Test
  @Order(6)
  void unknownRepoShouldBeAcceptedAndIgnored() {
    postGeneric(generic("https://bob:pw@github.com/acme/unknown.git"))
        .statusCode(202)
        .body("accepted", equalTo(false))
        .body("repos", empty())
        .body("message", equalTo("no application follows https://***@github.com/acme/unknown.git"));
  }

  @Test
  @Order(7)
  void unknownProviderShouldBe404Json() {
    post("bitbucket", "X-Hub-Signature", "x", "{}")
        .statusCode(404)
        .body("error", equalTo("unknown-provider"));
  }

  @Test
  @Order(100)
  void floodFromOneSourceShouldBeRateLimitedWith429() {
    // 10/s with a burst of 20: calls sent back to back outrun the refill and get refused
    io.restassured.response.ExtractableResponse<?> refused = null;
    int calls = 0;
    while (refused == null && calls < 200) {
      var response = post("generic", "X-Flotilla-Signature", null, "{}").extract();
      calls++;
      if (response.statusCode() == 429) {
        refused = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(401);
      }
    }

    assertThat(refused).as("a 429 within %d calls", calls).isNotNull();
    assertThat(refused.contentType()).startsWith("application/json");
    assertThat(refused.<String>path("error")).isEqualTo("rate-limited");
    assertThat(refused.<String>path("message")).contains("flotilla.webhook.rate-limit");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
  }

  @Test
  @Order(8)
  void monorepoCommitTouchingOneAppsPathShouldAnnounceThatAppOnly() throws Exception {
    Git repo = WebhookFleetResource.mono;
    String first = firstSighting(WebhookFleetResource.MONO_A, repo).sha();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(commits(WebhookFleetResource.MONO_B)).hasSize(1);
              assertThat(commits(WebhookFleetResource.MONO_C)).hasSize(1);
            });

    String touchesB = GitFleetResource.commit(repo, "b/cm.yaml", "kind: ConfigMap\n# b\n", "b");
    postGeneric(generic(WebhookFleetResource.url(repo))).statusCode(202);

    awaitCommits(WebhookFleetResource.MONO_B, 2, repo);
    CommitDetected b = commits(WebhookFleetResource.MONO_B).get(1);
    assertThat(b.sha()).isEqualTo(touchesB);
    assertThat(b.previousSha()).isEqualTo(first);
    assertThat(b.forced()).isFalse();

    // a and c stay at their last announced commit; a later change to c is compared from there
    String touchesC = GitFleetResource.commit(repo, "c/cm.yaml", "kind: ConfigMap\n# c\n", "c");
    postGeneric(generic(WebhookFleetResource.url(repo))).statusCode(202);

    awaitCommits(WebhookFleetResource.MONO_C, 2, repo);
    CommitDetected c = commits(WebhookFleetResource.MONO_C).get(1);
    assertThat(c.sha()).isEqualTo(touchesC);
    assertThat(c.previousSha()).isEqualTo(first);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .untilAsserted(
            () -> {
              assertThat(commits(WebhookFleetResource.MONO_A)).hasSize(1);
              assertThat(commits(WebhookFleetResource.MONO_B)).hasSize(2);
              assertThat(commits(WebhookFleetResource.MONO_C)).hasSize(2);
            });
  }

  @Test
  @Order(9)
  void forcePushShouldBeAnnouncedAsForcedForEveryAppOfTheRef() throws Exception {
    Git repo = WebhookFleetResource.rewritten;
    String before = firstSighting(WebhookFleetResource.REWRITTEN_X, repo).sha();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(commits(WebhookFleetResource.REWRITTEN_Y)).hasSize(1));

    // main reset to an unrelated commit that touches x only
    repo.checkout().setOrphan(true).setName("rewrite").call();
    String unrelated =
        GitFleetResource.commit(repo, "x/cm.yaml", "kind: ConfigMap\n# rewritten\n", "rewritten");
    repo.branchCreate().setName("main").setForce(true).setStartPoint(unrelated).call();
    postGeneric(generic(WebhookFleetResource.url(repo))).statusCode(202);

    awaitCommits(WebhookFleetResource.REWRITTEN_X, 2, repo);
    awaitCommits(WebhookFleetResource.REWRITTEN_Y, 2, repo);
    for (String app : List.of(WebhookFleetResource.REWRITTEN_X, WebhookFleetResource.REWRITTEN_Y)) {
      CommitDetected forced = commits(app).get(1);
      assertThat(forced.sha()).as(app).isEqualTo(unrelated);
      assertThat(forced.previousSha()).as(app).isEqualTo(before);
      assertThat(forced.forced()).as(app).isTrue();
    }
    assertThat(commits(WebhookFleetResource.REWRITTEN_X).get(0).forced()).isFalse();
  }
}
