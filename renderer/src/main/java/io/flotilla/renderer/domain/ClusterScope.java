package io.flotilla.renderer.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds are cluster-scoped (have no namespace): the built-in Kubernetes kinds below, plus the
 * kinds of every {@code CustomResourceDefinition} with {@code spec.scope: Cluster} in the same
 * bundle. Any other kind is taken to be namespaced. Kinds are matched with their API group, so a
 * custom {@code Node} of another group is not mistaken for the core one.
 */
public final class ClusterScope {
  /** {@code <group>/<Kind>}; the core group is {@code ""}. */
  static final Set<String> BUILT_IN =
      Set.of(
          "/Namespace",
          "/Node",
          "/PersistentVolume",
          "/ComponentStatus",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "apiextensions.k8s.io/CustomResourceDefinition",
          "apiregistration.k8s.io/APIService",
          "scheduling.k8s.io/PriorityClass",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
          "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
          "admissionregistration.k8s.io/MutatingAdmissionPolicy",
          "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
          "networking.k8s.io/IngressClass",
          "networking.k8s.io/IPAddress",
          "networking.k8s.io/ServiceCIDR",
          "node.k8s.io/RuntimeClass",
          "storage.k8s.io/StorageClass",
          "storage.k8s.io/CSIDriver",
          "storage.k8s.io/CSINode",
          "storage.k8s.io/VolumeAttachment",
          "storage.k8s.io/VolumeAttributesClass",
          "certificates.k8s.io/CertificateSigningRequest",
          "certificates.k8s.io/ClusterTrustBundle",
          "flowcontrol.apiserver.k8s.io/FlowSchema",
          "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
          "policy/PodSecurityPolicy",
          "resource.k8s.io/DeviceClass",
          "resource.k8s.io/ResourceSlice");

  private final Set<String> clusterScoped;

  private ClusterScope(Set<String> clusterScoped) {
    this.clusterScoped = clusterScoped;
  }

  /** The built-in kinds plus the cluster-scoped custom kinds the bundle itself defines. */
  static ClusterScope of(List<Manifest> bundle) {
    Set<String> kinds = new HashSet<>(BUILT_IN);
    for (Manifest m : bundle) {
      if ("CustomResourceDefinition".equals(m.kind())
          && "apiextensions.k8s.io".equals(group(m.apiVersion()))
          && m.object().get("spec") instanceof Map<?, ?> spec
          && "Cluster".equals(spec.get("scope"))
          && spec.get("group") instanceof String group
          && spec.get("names") instanceof Map<?, ?> names
          && names.get("kind") instanceof String kind) {
        kinds.add(group + "/" + kind);
      }
    }
    return new ClusterScope(Set.copyOf(kinds));
  }

  boolean isClusterScoped(String apiVersion, String kind) {
    return clusterScoped.contains(group(apiVersion) + "/" + kind);
  }

  /**
   * The API group of an {@code apiVersion}: {@code apps} for {@code apps/v1}, "" for {@code v1}.
   */
  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
