package io.flotilla.applier.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.domain.ObjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterClient} over fabric8 generic resources: any kind, built-in or custom, as JSON maps.
 * Writes are server-side applies with field manager {@value #FIELD_MANAGER}; conflicts with other
 * managers are forced only when asked. Failures are classified for retries: 429, 5xx, connection
 * failures and timeouts are transient; other 4xx are not.
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
  public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
    try {
      var resources = client.genericKubernetesResources(kind.apiVersion(), kind.kind());
      GenericKubernetesResourceList list =
          kind.namespace() == null
              ? resources.list()
              : resources.inNamespace(kind.namespace()).list();
      return list.getItems().stream().map(this::toMap).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || isUnknownKind(e)) {
        return List.of();
      }
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  @Override
  public Optional<Map<String, Object>> get(ObjectRef ref) {
    try {
      return Optional.ofNullable(resource(ref).get()).map(this::toMap);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || isUnknownKind(e)) {
        return Optional.empty();
      }
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  @Override
  public Map<String, Object> apply(Map<String, Object> object, boolean force) {
    try {
      GenericKubernetesResource resource =
          json.convertValue(object, GenericKubernetesResource.class);
      var apply = client.resource(resource).fieldManager(FIELD_MANAGER);
      GenericKubernetesResource applied =
          force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
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
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  @Override
  public void delete(ObjectRef ref) {
    try {
      resource(ref).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || isUnknownKind(e)) {
        return;
      }
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  @Override
  public AutoCloseable watch(
      String apiVersion, String kind, String label, String value, WatchListener listener) {
    try {
      Watch watch =
          client
              .genericKubernetesResources(apiVersion, kind)
              .inAnyNamespace()
              .withLabel(label, value)
              .watch(
                  new Watcher<GenericKubernetesResource>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                      if (action == Action.ADDED
                          || action == Action.MODIFIED
                          || action == Action.DELETED) {
                        listener.event(toMap(resource), action == Action.DELETED);
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                      listener.closed(
                          cause.isHttpGone()
                              ? "resource version too old"
                              : cause.getClass().getSimpleName());
                    }

                    @Override
                    public void onClose() {
                      listener.closed("closed");
                    }
                  });
      return watch::close;
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  private Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    NonNamespaceOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        kind = client.genericKubernetesResources(ref.apiVersion(), ref.kind());
    return ref.namespaced()
        ? client
            .genericKubernetesResources(ref.apiVersion(), ref.kind())
            .inNamespace(ref.namespace())
            .withName(ref.name())
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

  private static ClusterCallException failure(KubernetesClientException e) {
    int code = e.getCode();
    boolean transientFailure = code == 429 || code >= 500 || (code <= 0 && Errors.isTransient(e));
    return new ClusterCallException(
        describe(e), Math.max(code, 0), retryAfter(e), transientFailure);
  }

  /** The server's {@code Retry-After} (seconds), from the Status details fabric8 keeps. */
  private static Duration retryAfter(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null
        && status.getDetails() != null
        && status.getDetails().getRetryAfterSeconds() != null) {
      return Duration.ofSeconds(status.getDetails().getRetryAfterSeconds());
    }
    return null;
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
