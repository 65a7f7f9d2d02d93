package io.flotilla.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    assertThat(app.refType()).isEqualTo(Application.RefType.BRANCH);
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

  private static Map<String, String> withRef(String ref, String refType) {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/guestbook.yaml",
        FleetFixtures.app("guestbook", "{}")
            .replace("ref: main", "ref: '" + ref + "'\n    refType: " + refType));
    return files;
  }

  @ParameterizedTest
  @CsvSource({
    "release/1.x, branch, BRANCH",
    "v1.4.2, tag, TAG",
    "~1.4, semver, SEMVER",
    ">=2.0.0 <3.0.0, semver, SEMVER",
    "9fceb02d0ae598e95dc970b74767f19372d61af8, commit, COMMIT"
  })
  void shouldReadEveryRefType(String ref, String refType, Application.RefType expected) {
    Application app = FleetParser.parse("abc", withRef(ref, refType)).apps().get("guestbook");

    assertThat(app.ref()).isEqualTo(ref);
    assertThat(app.refType()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "main | tip | spec.source.refType: must be branch, tag, semver or commit, got 'tip'",
        "not a range | semver | spec.source.ref: 'not a range' is not a semver range",
        "~~1 | semver | spec.source.ref: '~~1' is not a semver range",
        "9fceb02 | commit | spec.source.ref: '9fceb02' is not a full commit SHA",
        "main | commit | spec.source.ref: 'main' is not a full commit SHA",
        "bad name | branch | spec.source.ref: 'bad name' is not a valid branch name",
        "v1..2 | tag | spec.source.ref: 'v1..2' is not a valid tag name",
        "'' | tag | spec.source.ref: is required for refType tag"
      })
  void shouldRejectInvalidRefNamingFileFieldAndReason(String ref, String refType, String problem) {
    assertThatThrownBy(() -> FleetParser.parse("abc", withRef(ref, refType)))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("apps/guestbook.yaml: " + problem);
  }

  @Test
  void shouldRefuseUnknownFieldsNamingFileAndField() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/typo.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: typo, labels: {team: web}}
        spec:
          source: {repoURL: "file:///srv/git/apps.git", path: typo}
          destination:
            namespace: typo
            clusterSelector: {matchLabels: {env: prod}, matchExpresions: []}
          syncPolicy: {automated: true, prun: true}
          overrides:
            - clusterSelector: {matchLabels: {region: eu}}
              patches: [{target: {kind: Deployment}, patch: {spec: {replicas: 3}}, op: add}]
          sourceType: helm
        """);

    assertThatThrownBy(() -> FleetParser.parse("abc", files))
        .isInstanceOfSatisfying(
            FleetException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FleetException.Problem::toString)
                    .containsExactlyInAnyOrder(
                        "apps/typo.yaml: spec.destination.clusterSelector.matchExpresions: is not a"
                            + " known field; known here: matchLabels, matchExpressions"
                            + " (a typo would otherwise be ignored silently)",
                        "apps/typo.yaml: spec.syncPolicy.prun: is not a known field;"
                            + " known here: automated, prune, selfHeal, allowEmpty (a typo would"
                            + " otherwise be ignored silently)",
                        "apps/typo.yaml: spec.overrides[0].patches[0].op: is not a known"
                            + " field; known here: target, patch (a typo would otherwise be"
                            + " ignored silently)",
                        "apps/typo.yaml: spec.sourceType: is not a known field; known"
                            + " here: source, destination, overrides, syncPolicy, rollback,"
                            + " signatures (a typo would otherwise be ignored silently)"));
  }

  @Test
  void shouldWarnNotRefuseWhenASelectorMatchesNoCluster() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/nowhere.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: nowhere}
        spec:
          source: {repoURL: "file:///srv/git/apps.git", path: nowhere}
          destination: {clusterSelector: {matchLabels: {env: mars}}}
        """);

    Fleet fleet = FleetParser.parse("abc", files);

    assertThat(fleet.app("nowhere")).isPresent();
    assertThat(fleet.warnings())
        .containsExactly(
            "application 'nowhere': spec.destination.clusterSelector matches no cluster of the"
                + " fleet; it is deployed nowhere");
  }
}
