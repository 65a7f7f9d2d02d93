package io.flotilla.applier.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.domain.ObjectRef;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterClient} over fabric8 generic resources: any kind, built-in or custom, as JSON maps.
 * Writes are server-side applies with field manager {@value #FIELD_MANAGER}, forcing conflicts
 * (Flotilla owns what Git declares, as Flux does).
 */
final class Fabric8ClusterClient implements ClusterClient {
  static final String FIELD_MANAGER = "flotilla";

  private final KubernetesClient client;
  private final KubernetesSerialization json;

  Fabric8ClusterClient(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
  }

  @Override
  public Optional<Map<String, Object>> get(ObjectRef ref) {
    try {
      GenericKubernetesResource found = resource(ref).get();
      return Optional.ofNullable(found).map(this::toMap);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || isUnknownKind(e)) {
        return Optional.empty();
      }
      throw new ClusterCallException(describe(e));
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e));
    }
  }

  @Override
  public Map<String, Object> apply(Map<String, Object> object) {
    try {
      GenericKubernetesResource resource =
          json.convertValue(object, GenericKubernetesResource.class);
      GenericKubernetesResource applied =
          client.resource(resource).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      return toMap(applied);
    } catch (KubernetesClientException e) {
      if (isUnknownKind(e)) {
        throw new ClusterCallException(
            "the API server does not serve kind "
                + object.get("kind")
                + " in "
                + object.get("apiVersion")
                + "; is its CustomResourceDefinition installed?");
      }
      throw new ClusterCallException(describe(e));
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e));
    }
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    var kind = client.genericKubernetesResources(ref.apiVersion(), ref.kind());
    return ref.namespaced()
        ? kind.inNamespace(ref.namespace()).withName(ref.name())
        : kind.withName(ref.name());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(GenericKubernetesResource resource) {
    return json.convertValue(resource, Map.class);
  }

  /**
   * fabric8 resolves a kind through API discovery and fails without an HTTP status when the server
   * does not serve it (a CRD not applied yet): then the object cannot exist. Its message for an
   * apply quotes the whole object, so it is never passed on.
   */
  private static boolean isUnknownKind(KubernetesClientException e) {
    String message = String.valueOf(e.getMessage());
    return e.getCode() <= 0
        && (message.contains("Could not find the metadata")
            || message.contains("Could not find a registered handler"));
  }

  /**
   * The API server's status code and message; never fabric8's own message, which names the request
   * and may quote the object (a Secret's data included). No exception is kept as a cause, so no
   * stack trace can carry it into a log either.
   */
  static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    String message = status != null && status.getMessage() != null ? status.getMessage() : null;
    if (e.getCode() > 0) {
      return "HTTP " + e.getCode() + (message == null ? "" : ": " + message);
    }
    return Errors.describe(e);
  }
}
