package io.flotilla.applier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredObjectsTest {

  @Test
  void shouldAddOwnershipLabelsAndKeepTheUsersOnes() {
    DesiredObject prepared = only(configMap(Map.of("app", "web")), "guestbook");

    assertThat(Trees.mapAt(prepared.object(), "metadata", "labels"))
        .containsEntry("app", "web")
        .containsEntry("app.kubernetes.io/managed-by", "flotilla")
        .containsEntry("flotilla.io/app", "guestbook");
  }

  @Test
  void shouldDropServerOwnedFieldsSoTheApplyHasNoPrecondition() {
    Map<String, Object> object = configMap(Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    metadata.put("resourceVersion", "12");
    metadata.put("uid", "u-1");
    metadata.put("managedFields", List.of(Map.of("manager", "kubectl")));
    object.put("status", Map.of("phase", "Active"));

    DesiredObject prepared = only(object, "guestbook");

    assertThat(prepared.object()).doesNotContainKey("status");
    assertThat(Trees.mapAt(prepared.object(), "metadata"))
        .doesNotContainKeys("resourceVersion", "uid", "managedFields")
        .containsEntry("namespace", "guestbook");
  }

  @Test
  void shouldNotChangeTheEventsResources() {
    Map<String, Object> object = configMap(Map.of());

    only(object, "guestbook");

    assertThat(Trees.mapAt(object, "metadata")).doesNotContainKeys("labels", "namespace");
  }

  @Test
  void shouldRejectANamespacedObjectWhenNeitherItNorTheAppNamesANamespace() {
    DesiredObject prepared = only(configMap(Map.of()), "");

    assertThat(prepared.valid()).isFalse();
    assertThat(prepared.problem())
        .contains("ConfigMap settings is namespaced but names no metadata.namespace");
  }

  @Test
  void shouldDropTheNamespaceOfAClusterScopedObject() {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("apiVersion", "rbac.authorization.k8s.io/v1");
    role.put("kind", "ClusterRole");
    role.put("metadata", new LinkedHashMap<>(Map.of("name", "reader", "namespace", "x")));

    DesiredObject prepared = only(role, "guestbook");

    assertThat(prepared.ref().namespace()).isNull();
    assertThat(Trees.mapAt(prepared.object(), "metadata")).doesNotContainKey("namespace");
  }

  private static DesiredObject only(Map<String, Object> object, String namespace) {
    List<DesiredObject> prepared = DesiredObjects.prepare("guestbook", namespace, List.of(object));
    assertThat(prepared).hasSize(1);
    return prepared.get(0);
  }

  private static Map<String, Object> configMap(Map<String, String> labels) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "settings");
    if (!labels.isEmpty()) {
      metadata.put("labels", new LinkedHashMap<>(labels));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", metadata);
    object.put("data", Map.of("GREETING", "hello"));
    return object;
  }
}
