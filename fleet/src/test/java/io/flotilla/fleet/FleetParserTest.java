package io.flotilla.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetParserTest {

  @Test
  void shouldReadClustersAndApplications() {
    Fleet fleet = FleetParser.parse("abc", FleetFixtures.fleetFiles());

    assertThat(fleet.revision()).isEqualTo("abc");
    assertThat(fleet.clusters())
        .containsOnlyKeys("staging-1", "prod-eu-1", "prod-us-1", "prod-ap-1");
    Cluster eu = fleet.clusters().get("prod-eu-1");
    assertThat(eu.labels()).containsEntry("env", "prod").containsEntry("region", "eu");
    assertThat(eu.kubeconfigRef()).isEqualTo("prod-eu-1.kubeconfig");
    Application app = fleet.apps().get("guestbook");
    assertThat(app.path()).isEqualTo("guestbook");
    assertThat(app.ref()).isEqualTo("main");
    assertThat(app.namespace()).isEqualTo("guestbook");
    assertThat(app.syncPolicy()).isEqualTo(Application.SyncPolicy.DEFAULT);
  }

  @Test
  void shouldTargetClustersMatchingLabels() {
    Fleet fleet = FleetParser.parse("abc", FleetFixtures.fleetFiles());

    assertThat(fleet.targets(fleet.apps().get("guestbook")))
        .extracting(Cluster::name)
        .containsExactly("prod-ap-1", "prod-eu-1", "prod-us-1");
    assertThat(fleet.targets("guestbook", "prod-eu-1")).isTrue();
    assertThat(fleet.targets("guestbook", "staging-1")).isFalse();
    assertThat(fleet.targets("guestbook", "no-such-cluster")).isFalse();
    assertThat(fleet.targets("no-such-app", "prod-eu-1")).isFalse();
  }

  @Test
  void shouldApplyMatchExpressions() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/guestbook.yaml",
        FleetFixtures.app(
            "guestbook",
            "{matchLabels: {env: prod}, matchExpressions: [{key: region, operator: In, values: [eu,"
                + " us]}]}"));
    files.put(
        "apps/canary.yaml",
        FleetFixtures.app(
            "canary",
            "{matchExpressions: [{key: region, operator: NotIn, values: [us]}, {key: env, operator:"
                + " Exists}, {key: frozen, operator: DoesNotExist}]}"));
    Fleet fleet = FleetParser.parse("abc", files);

    assertThat(fleet.targets(fleet.apps().get("guestbook")))
        .extracting(Cluster::name)
        .containsExactly("prod-eu-1", "prod-us-1");
    assertThat(fleet.targets(fleet.apps().get("canary")))
        .extracting(Cluster::name)
        .containsExactly("prod-ap-1", "prod-eu-1", "staging-1");
  }

  @Test
  void emptySelectorShouldTargetEveryCluster() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put("apps/guestbook.yaml", FleetFixtures.app("guestbook", "{}"));

    Fleet fleet = FleetParser.parse("abc", files);

    assertThat(fleet.targets(fleet.apps().get("guestbook"))).hasSize(4);
  }

  @Test
  void shouldRefuseInlineCredentials() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "clusters/bad.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata: {name: bad}
        spec:
          kubeconfig:
            secretRef: bad.kubeconfig
            token: s3cr3t-token-value
        """);

    assertThatThrownBy(() -> FleetParser.parse("abc", files))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("clusters/bad.yaml: spec.kubeconfig.token")
        .hasMessageContaining("credentials are never inline")
        .hasMessageNotContaining("s3cr3t-token-value");
  }

  @Test
  void shouldReportEveryProblemWithFileAndField() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/broken.yaml",
        """
        apiVersion: flotilla.io/v2
        kind: Application
        metadata: {name: broken}
        spec:
          source: {path: ../outside}
          destination:
            clusterSelector: {matchExpressions: [{key: env, operator: Near}]}
        """);
    files.put("clusters/dup.yaml", FleetFixtures.cluster("prod-eu-1", "{env: prod}"));
    files.put("clusters/junk.yaml", "kind: [unclosed");

    assertThatThrownBy(() -> FleetParser.parse("abc", files))
        .isInstanceOfSatisfying(
            FleetException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FleetException.Problem::toString)
                    .contains(
                        "apps/broken.yaml: apiVersion: must be 'flotilla.io/v1', got 'flotilla.io/v2'",
                        "apps/broken.yaml: spec.source.repoURL: is required",
                        "apps/broken.yaml: spec.source.path: must stay inside the repository, got"
                            + " '../outside'",
                        "apps/broken.yaml: spec.destination.clusterSelector.matchExpressions[0].operator:"
                            + " must be In, NotIn, Exists or DoesNotExist, got 'Near'",
                        "clusters/prod-eu-1.yaml: metadata.name: Cluster 'prod-eu-1' is declared more"
                            + " than once")
                    .anyMatch(p -> p.startsWith("clusters/junk.yaml: malformed YAML at line 1")));
  }

  @Test
  void shouldRequireAClusterSelector() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/guestbook.yaml",
        FleetFixtures.app("guestbook", "{}").replace("    clusterSelector: {}\n", ""));

    assertThatThrownBy(() -> FleetParser.parse("abc", files))
        .hasMessageContaining("apps/guestbook.yaml: spec.destination.clusterSelector: is required");
  }
}
