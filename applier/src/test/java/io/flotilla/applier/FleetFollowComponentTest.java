package io.flotilla.applier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.events.FleetChanged;
import io.flotilla.events.Person;
import io.flotilla.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The fleet is read again when git-watcher announces that it moved: the scheduled check runs once
 * an hour here, and no desired state names the new app.
 */
@QuarkusTest
@QuarkusTestResource(
    value = ApplierTestEnvironment.class,
    restrictToAnnotatedClass = true,
    initArgs = {@ResourceArg(name = "flotilla.fleet.refresh-interval", value = "1h")})
class FleetFollowComponentTest {
  @InjectFleetSim ApplierTestEnvironment.FleetRepo fleetRepo;

  @Test
  void shouldReadTheFleetAgainWhenGitWatcherAnnouncesThatItMoved() throws Exception {
    String app = "announced-" + UUID.randomUUID().toString().substring(0, 6);
    String revision =
        fleetRepo.commit(
            "apps/" + app + ".yaml",
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
                clusterSelector: {matchLabels: {env: prod}}
            """
                .formatted(app, app, app),
            "fleet: app " + app);
    given().get("/api/v1/apps/" + app).then().statusCode(404);

    try (KafkaProducer<String, String> producer = KafkaTestClients.producer()) {
      KafkaTestClients.send(
          producer,
          Topics.COMMITS,
          "fleet",
          KafkaTestClients.envelope(
              new FleetChanged(
                  "file:///fleet.git",
                  "main",
                  null,
                  revision,
                  List.of(app),
                  List.of(),
                  List.of(),
                  List.of(),
                  List.of(),
                  List.of(),
                  false,
                  new Person("Test", "test@example.com"),
                  "fleet: app " + app,
                  Instant.now(),
                  List.of())));
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/apps/" + app)
                    .then()
                    .statusCode(200)
                    .body("clusters.cluster", equalTo(List.of("sim-2", "sim-3")))
                    .body("clusters[0].syncState", equalTo("Unknown")));
  }
}
