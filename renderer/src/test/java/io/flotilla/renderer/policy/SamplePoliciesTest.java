package io.flotilla.renderer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetParser;
import io.flotilla.fleet.LabelSelector;
import io.flotilla.fleet.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policies shipped in {@code deploy/local/sample-policies/}, read as a fleet repo reads them:
 * each denies a violating object and passes a compliant one.
 */
class SamplePoliciesTest {
  private static final Path SAMPLES = Path.of("..", "deploy", "local", "sample-policies");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Cluster PROD = new Cluster("prod-1", Map.of("env", "prod"), "k", null);
  private static final Cluster STAGING = new Cluster("stg-1", Map.of("env", "staging"), "k", null);

  private static final String GOOD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 3
        template:
          spec:
            containers:
              - name: web
                image: registry.example.com/web:1.4.2
                resources: {limits: {cpu: 500m, memory: 256Mi}}
              - name: sidecar
                image: registry.example.com/proxy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                resources: {limits: {cpu: 100m, memory: 64Mi}}
      """;

  static PolicySet samples() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(SAMPLES)) {
      for (Path p : list.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        files.put("policies/" + p.getFileName(), Files.readString(p));
      }
    }
    Fleet fleet = FleetParser.parse("0".repeat(40), files);
    assertThat(fleet.policies())
        .containsOnlyKeys(
            "no-latest-tag", "deployment-resource-limits", "no-host-network", "prod-replicas");
    return PolicySet.compile(fleet.revision(), fleet.policies().values());
  }

  @Test
  void shouldPassACompliantDeploymentOnProd() throws IOException {
    PolicySet.Verdict verdict = samples().evaluate(PROD, List.of(object(GOOD)));

    assertThat(verdict.denials()).isEmpty();
    assertThat(verdict.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no-latest-tag|image: registry.example.com/web:1.4.2|image: registry.example.com/web:latest",
        "no-latest-tag|image: registry.example.com/web:1.4.2|image: registry.example.com:5000/web",
        "deployment-resource-limits|resources: {limits: {cpu: 500m, memory: 256Mi}}|resources: {limits: {cpu: 500m}}",
        "prod-replicas|replicas: 3|replicas: 1",
      })
  void shouldDenyTheViolatingObjectNamingPolicyObjectAndMessage(
      String policy, String compliant, String violating) throws IOException {
    String bad = GOOD.replace(compliant, violating);
    assertThat(bad).isNotEqualTo(GOOD);

    PolicySet.Verdict verdict = samples().evaluate(PROD, List.of(object(bad)));

    assertThat(verdict.denials())
        .singleElement()
        .asString()
        .startsWith("policy '" + policy + "' (deny): Deployment 'web' in namespace 'shop': ");
  }

  @Test
  void shouldDenyHostNetwork() throws IOException {
    String bad =
        GOOD.replace(
            "    spec:\n      containers:",
            "    spec:\n      hostNetwork: true\n      containers:");
    assertThat(bad).isNotEqualTo(GOOD);

    assertThat(samples().evaluate(PROD, List.of(object(bad))).denials())
        .singleElement()
        .asString()
        .isEqualTo(
            "policy 'no-host-network' (deny): Deployment 'web' in namespace 'shop': hostNetwork:"
                + " true is not allowed");
  }

  @Test
  void shouldApplyProdReplicasOnlyToProdClusters() throws IOException {
    Map<String, Object> one = object(GOOD.replace("replicas: 3", "replicas: 1"));

    assertThat(samples().evaluate(STAGING, List.of(one)).denials()).isEmpty();
    assertThat(samples().evaluate(PROD, List.of(one)).denials())
        .singleElement()
        .asString()
        .contains("prod clusters need replicas >= 2");
  }

  @Test
  void shouldReportAPolicyThatDoesNotCompileWithItsFileAndPositionAndNeverPassIt() {
    Policy broken =
        new Policy(
            "broken",
            "policies/broken.yaml",
            List.of("ConfigMap"),
            List.of(),
            new LabelSelector(Map.of(), List.of()),
            "object.data.size() >",
            "oops",
            Policy.Action.WARN);
    PolicySet set = PolicySet.compile("rev", List.of(broken));

    PolicySet.Verdict verdict =
        set.evaluate(
            STAGING,
            List.of(
                Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c"))));

    assertThat(verdict.denials())
        .singleElement()
        .asString()
        .contains("policy 'broken' (policies/broken.yaml) does not compile", "line 1, column 21");
  }

  @Test
  void shouldCarryWarningsOfWarnPolicies() {
    Policy warn =
        new Policy(
            "labelled",
            "policies/labelled.yaml",
            List.of(),
            List.of(),
            new LabelSelector(Map.of(), List.of()),
            "has(object.metadata.labels) && 'team' in object.metadata.labels",
            "objects should carry a team label",
            Policy.Action.WARN);

    PolicySet.Verdict verdict =
        PolicySet.compile("rev", List.of(warn))
            .evaluate(
                STAGING,
                List.of(
                    Map.of(
                        "apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c"))));

    assertThat(verdict.denials()).isEmpty();
    assertThat(verdict.warnings())
        .containsExactly(
            "policy 'labelled' (warn): ConfigMap 'c': objects should carry a team label");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String yaml) throws IOException {
    return YAML.readValue(yaml, Map.class);
  }
}
