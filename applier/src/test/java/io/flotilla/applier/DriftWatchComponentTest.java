package io.flotilla.applier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.applier.kafka.DriftWatches;
import io.flotilla.events.DesiredState;
import io.flotilla.events.DriftCorrected;
import io.flotilla.events.DriftDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import io.flotilla.fleetsim.FleetSim;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift found from watch events: the periodic check runs once an hour here, so a drift reported
 * within the test's minute was seen by a watch. {@code drifty} only reports; {@code healer} (with
 * {@code selfHeal}) is put back. The set of watches is refreshed once an hour too: the watch opens
 * because a desired state needs it, not at a refresh.
 */
@QuarkusTest
@QuarkusTestResource(
    value = ApplierTestEnvironment.class,
    restrictToAnnotatedClass = true,
    initArgs = {
      @ResourceArg(name = "flotilla.drift.interval", value = "1h"),
      @ResourceArg(name = "flotilla.drift.watch-refresh", value = "1h")
    })
class DriftWatchComponentTest {
  @InjectFleetSim FleetSim fleet;
  @Inject DriftWatches watches;

  private KafkaProducer<String, String> producer;
  private KafkaTestClients.TopicTail results;
  private KafkaTestClients.TopicTail drift;

  @BeforeEach
  void clients() {
    producer = KafkaTestClients.producer();
    results = new KafkaTestClients.TopicTail(Topics.SYNC_RESULTS);
    drift = new KafkaTestClients.TopicTail(Topics.DRIFT);
  }

  @AfterEach
  void closeClients() {
    producer.close();
    results.close();
    drift.close();
  }

  @Test
  void shouldDetectAnEditedObjectFromItsWatchAndHealItWithoutWaitingForThePoll() throws Exception {
    String rev = ScaleOutFixture.revision();
    for (String app : List.of("drifty", "healer")) {
      KafkaTestClients.send(
          producer, Topics.DESIRED, "sim-1/" + app, KafkaTestClients.envelope(settings(app, rev)));
      SyncCompleted done =
          KafkaTestClients.data(
              results.take(
                  r ->
                      KafkaTestClients.event(r, SyncCompleted.class)
                          .filter(d -> d.app().equals(app) && d.revision().equals(rev))
                          .isPresent()));
      assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> watches.watching("sim-1", "ConfigMap"));

    try (KubernetesClient sim1 = fleet.cluster("sim-1").newClient()) {
      for (String app : List.of("drifty", "healer")) {
        sim1.configMaps()
            .inNamespace(app)
            .withName("settings")
            .edit(
                cm -> {
                  cm.setData(Map.of("mode", "edited by hand"));
                  return cm;
                });
      }

      DriftDetected reported =
          KafkaTestClients.data(
              drift.take(
                  r ->
                      KafkaTestClients.event(r, DriftDetected.class)
                          .filter(d -> d.app().equals("drifty") && d.revision().equals(rev))
                          .isPresent()));
      assertThat(reported.selfHeal()).isFalse();
      assertThat(reported.objects())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.name()).isEqualTo("settings");
                assertThat(o.fields())
                    .containsExactly(
                        new DriftDetected.FieldDrift("data.mode", "blue", "edited by hand"));
              });

      DriftCorrected corrected =
          KafkaTestClients.data(
              drift.take(
                  r ->
                      KafkaTestClients.event(r, DriftCorrected.class)
                          .filter(d -> d.app().equals("healer") && d.revision().equals(rev))
                          .isPresent()));
      assertThat(corrected.status()).isEqualTo(SyncCompleted.Status.SYNCED);
      assertThat(corrected.objects()).containsExactly("ConfigMap healer/settings");
      assertThat(sim1.configMaps().inNamespace("healer").withName("settings").get().getData())
          .isEqualTo(Map.of("mode", "blue"));
      assertThat(sim1.configMaps().inNamespace("drifty").withName("settings").get().getData())
          .as("drift without selfHeal is reported, not undone")
          .isEqualTo(Map.of("mode", "edited by hand"));
    }
  }

  @Test
  void aWatchAnAppNeedsShouldOpenWithItsFirstDesiredStateNotAtTheNextRefresh() throws Exception {
    String rev = ScaleOutFixture.revision();
    // once sim-1's ConfigMaps are watched, a refresh has run or the desired state opened it; the
    // next refresh is an hour away
    sync("spread", "sim-1", rev);
    await().atMost(Duration.ofSeconds(30)).until(() -> watches.watching("sim-1", "ConfigMap"));

    sync("spread", "sim-2", rev);
    // until it is open and listed, every sync on sim-2 reads each of its objects
    await().atMost(Duration.ofSeconds(20)).until(() -> watches.watching("sim-2", "ConfigMap"));
  }

  private void sync(String app, String cluster, String rev) throws Exception {
    KafkaTestClients.send(
        producer,
        Topics.DESIRED,
        cluster + "/" + app,
        KafkaTestClients.envelope(settings(app, cluster, rev)));
    SyncCompleted done =
        KafkaTestClients.data(
            results.take(
                r ->
                    KafkaTestClients.event(r, SyncCompleted.class)
                        .filter(
                            d ->
                                d.app().equals(app)
                                    && d.cluster().equals(cluster)
                                    && d.revision().equals(rev))
                        .isPresent()));
    assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
  }

  private static DesiredState settings(String app, String rev) {
    return settings(app, "sim-1", rev);
  }

  private static DesiredState settings(String app, String cluster, String rev) {
    Map<String, Object> configMap = new LinkedHashMap<>();
    configMap.put("apiVersion", "v1");
    configMap.put("kind", "ConfigMap");
    configMap.put("metadata", Map.of("name", "settings"));
    configMap.put("data", Map.of("mode", "blue"));
    return new DesiredState(
        app, cluster, rev, app, List.of(configMap), EventCodec.sha256(app + rev), null);
  }
}
