package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PathParts} reads a path as fabric8's extractor does: the same parts and the same store key
 * for every plain path, and null (ask fabric8) for any other.
 */
class PathPartsTest {
  private final KubernetesAttributesExtractor fabric8 = new KubernetesAttributesExtractor();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/namespaces",
        "/api/v1/namespaces/team-a",
        "/api/v1/namespaces/team-a/configmaps",
        "/api/v1/namespaces/team-a/configmaps/flotilla-inventory-app-1",
        "/api/v1/namespaces/team-a/services/web/status",
        "/api/v1/nodes/node-1",
        "/api/v1/persistentvolumes",
        "/apis/apps/v1/namespaces/app-0001/deployments",
        "/apis/apps/v1/namespaces/app-0001/deployments/web",
        "/apis/apps/v1/namespaces/app-0001/deployments/web/status",
        "/apis/apps/v1/namespaces/app-0001/deployments/web/scale",
        "/apis/apps/v1/deployments",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/view",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io",
        "/apis/example.io/v1/namespaces/ns/widgets/w_1",
        "/apis/example.io/v1",
        "/apis/example.io",
        "/apis",
        "/api",
        "/version",
        "/",
        "/healthz/ready",
        "/api/v1/namespaces/a.b/configmaps/x.y"
      })
  void plainPathsReadAsFabric8ReadsThem(String path) {
    assertThat(PathParts.of(path)).isEqualTo(fabric8.fromKubernetesPath(path));
    assertThat(PathParts.attributes(path)).isEqualTo(fabric8.fromPath(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/namespaces/team-a/configmaps?labelSelector=app%3Dweb",
        "/api/v1/namespaces/team-a/configmaps/x?fieldManager=flotilla",
        "/api/v1/namespaces/team-a/../configmaps",
        "/api/v1//namespaces/team-a/configmaps",
        "/api/v1/namespaces/team%20a/configmaps",
        "api/v1/namespaces",
        ""
      })
  void otherPathsAreLeftToFabric8(String path) {
    assertThat(PathParts.of(path)).isNull();
    assertThat(PathParts.attributes(path)).isNull();
  }
}
