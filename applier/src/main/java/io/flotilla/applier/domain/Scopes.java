package io.flotilla.applier.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which kinds are cluster-scoped. Built-in kinds are known here; custom kinds are known when the
 * same bundle carries their CustomResourceDefinition ({@code spec.scope}). For any other kind the
 * object's own {@code metadata.namespace} decides (see {@link DesiredObjects}).
 */
public final class Scopes {
  public static final String CRD_GROUP = "apiextensions.k8s.io";

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "/ComponentStatus",
          CRD_GROUP + "/CustomResourceDefinition",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "storage.k8s.io/StorageClass",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "storage.k8s.io/VolumeAttachment",
          "scheduling.k8s.io/PriorityClass",
          "node.k8s.io/RuntimeClass",
          "networking.k8s.io/IngressClass",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "apiregistration.k8s.io/APIService",
          "certificates.k8s.io/CertificateSigningRequest",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

  private final Map<String, Boolean> declared;

  private Scopes(Map<String, Boolean> declared) {
    this.declared = declared;
  }

  /** The scopes of built-in kinds plus those of the CRDs among {@code objects}. */
  static Scopes of(List<Map<String, Object>> objects) {
    Map<String, Boolean> declared = new HashMap<>();
    for (Map<String, Object> object : objects) {
      if (isCrd(object)) {
        String group = Trees.text(object, "spec", "group");
        String kind = Trees.text(object, "spec", "names", "kind");
        String scope = Trees.text(object, "spec", "scope");
        if (!kind.isEmpty()) {
          declared.put(group + "/" + kind, !"Cluster".equals(scope));
        }
      }
    }
    return new Scopes(declared);
  }

  static boolean isCrd(Map<String, Object> object) {
    return "CustomResourceDefinition".equals(object.get("kind"))
        && String.valueOf(object.get("apiVersion")).startsWith(CRD_GROUP + "/");
  }

  /** Whether the kind is namespaced; empty when neither built in nor declared by the bundle. */
  Optional<Boolean> namespaced(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String key = (slash < 0 ? "" : apiVersion.substring(0, slash)) + "/" + kind;
    if (CLUSTER_SCOPED.contains(key)) {
      return Optional.of(false);
    }
    Boolean custom = declared.get(key);
    if (custom != null) {
      return Optional.of(custom);
    }
    return key.startsWith("/") || BUILT_IN_GROUPS.contains(key.substring(0, key.indexOf('/')))
        ? Optional.of(true)
        : Optional.empty();
  }

  /** Groups whose every other kind is namespaced. */
  private static final Set<String> BUILT_IN_GROUPS =
      Set.of(
          "apps",
          "batch",
          "autoscaling",
          "policy",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "events.k8s.io",
          "storage.k8s.io");
}
