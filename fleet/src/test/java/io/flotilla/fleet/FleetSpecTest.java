package io.flotilla.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional parts of the fleet repo format: Helm, overrides, rollback, signatures, policies. */
class FleetSpecTest {
  static final String KEY =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ...\n-----END PGP PUBLIC KEY BLOCK-----\n";

  static Map<String, String> files(String appSpecExtra, String sourceExtra) {
    Map<String, String> files = new LinkedHashMap<>(FleetFixtures.fleetFiles());
    files.put(
        "apps/web.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Application
        metadata: {name: web}
        spec:
          source:
            repoURL: https://git.example.com/apps.git
            path: charts/web
        %s
          destination: {namespace: web, clusterSelector: {}}
        %s"""
            .formatted(sourceExtra, appSpecExtra));
    files.put("keys/alice.asc", KEY);
    return files;
  }

  @Test
  void shouldReadTheWholeApplicationSpec() {
    Fleet fleet =
        FleetParser.parse(
            "r1",
            files(
                """
                  overrides:
                    - clusterSelector: {matchLabels: {region: eu}}
                      helm: {values: {replicaCount: 3}}
                    - clusterSelector: {}
                      patches:
                        - target: {kind: Deployment, name: web}
                          patch: {spec: {replicas: 2}}
                  rollback: {onDegraded: true, timeout: 90s}
                  signatures: {required: true, keys: [keys/alice.asc]}
                """,
                """
                    type: helm
                    credentialsRef: apps-token
                    helm:
                      values: {image: {tag: "1.2"}}
                      valuesFiles: [values-prod.yaml, ../shared/common.yaml]
                """));
    Application web = fleet.app("web").orElseThrow();

    assertThat(web.sourceType()).isEqualTo("helm");
    assertThat(web.credentialsRef()).isEqualTo("apps-token");
    assertThat(web.helm().values()).containsEntry("image", Map.of("tag", "1.2"));
    assertThat(web.helm().valuesFiles())
        .containsExactly("charts/web/values-prod.yaml", "charts/shared/common.yaml");
    assertThat(web.referencedPaths()).isEqualTo(web.helm().valuesFiles());
    assertThat(web.rollback()).isEqualTo(new Application.Rollback(true, Duration.ofSeconds(90)));
    assertThat(web.signatures().required()).isTrue();
    assertThat(fleet.keys()).containsKey("keys/alice.asc");
    // first match wins: an eu cluster gets the Helm values, the others the patch
    Cluster eu = fleet.cluster("prod-eu-1").orElseThrow();
    Cluster us = fleet.cluster("prod-us-1").orElseThrow();
    assertThat(web.overrideFor(eu).orElseThrow().helmValues()).containsEntry("replicaCount", 3);
    assertThat(web.overrideFor(us).orElseThrow().patches())
        .containsExactly(
            new Application.Patch("Deployment", "web", Map.of("spec", Map.of("replicas", 2))));
  }

  @Test
  void shouldReportEveryProblemInTheOptionalParts() {
    assertThatThrownBy(
            () ->
                FleetParser.parse(
                    "r1",
                    files(
                        """
                          overrides:
                            - helm: {values: {a: 1}}
                          rollback: {timeout: soon}
                          signatures: {required: true, keys: [keys/bob.asc]}
                        """,
                        """
                            type: helm
                            credentialsRef: ../etc/passwd
                            helm: {valuesFiles: [../../../../outside.yaml]}
                        """)))
        .isInstanceOfSatisfying(
            FleetException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FleetException.Problem::field)
                    .contains(
                        "spec.overrides[0].clusterSelector",
                        "spec.rollback.timeout",
                        "spec.signatures.keys",
                        "spec.source.credentialsRef",
                        "spec.source.helm.valuesFiles[0]"));
  }

  @Test
  void helmValuesOnAPlainYamlAppShouldBeRefused() {
    assertThatThrownBy(() -> FleetParser.parse("r1", files("", "    helm: {values: {a: 1}}\n")))
        .hasMessageContaining("apps/web.yaml: spec.source.helm: is only allowed with type: helm");
  }

  @Test
  void shouldReadPoliciesAndRefuseBadOnes() {
    Map<String, String> files = files("", "");
    files.put(
        "policies/no-latest.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Policy
        metadata: {name: no-latest}
        spec:
          match: {kinds: [Deployment], clusterSelector: {matchLabels: {env: prod}}}
          rule: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"
          message: images must be pinned
          action: warn
        """);
    Policy policy = FleetParser.parse("r1", files).policies().get("no-latest");
    assertThat(policy.kinds()).isEqualTo(List.of("Deployment"));
    assertThat(policy.action()).isEqualTo(Policy.Action.WARN);
    assertThat(policy.selector().matches(Map.of("env", "prod"))).isTrue();

    files.put(
        "policies/broken.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Policy
        metadata: {name: broken}
        spec: {action: block}
        """);
    assertThatThrownBy(() -> FleetParser.parse("r1", files))
        .hasMessageContaining("policies/broken.yaml: spec.rule: is required")
        .hasMessageContaining(
            "policies/broken.yaml: spec.action: must be deny or warn, got 'block'");
  }
}
