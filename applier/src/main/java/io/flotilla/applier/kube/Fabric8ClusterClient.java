package io.flotilla.applier.kube;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.domain.ObjectRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ClusterClient} over fabric8 generic resources: any kind, built-in or custom, as JSON maps.
 * Writes are server-side applies with field manager {@value #FIELD_MANAGER}; conflicts with other
 * managers are forced only when asked. Failures are classified for retries: 429, 5xx, connection
 * failures and timeouts are transient; other 4xx are not.
 *
 * <p>A kind's resource name and scope come from API discovery ({@code GET /api/v1}, {@code GET
 * /apis/<group>/<version>}), as kubectl finds them: one request per group/version and cluster,
 * again when a kind is missing from it (a CRD applied since). The client's serialization knows no
 * model classes (see {@link ClusterRegistry}), so nothing here depends on fabric8's typed model.
 */
final class Fabric8ClusterClient implements ClusterClient {
  static final String FIELD_MANAGER = "flotilla";

  private final KubernetesClient client;
  private final KubernetesSerialization json;

  /** apiVersion to the kinds its discovery listed. */
  private final Map<String, Map<String, ResourceDefinitionContext>> discovered =
      new ConcurrentHashMap<>();

  Fabric8ClusterClient(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
  }

  @Override
  public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
    try {
      Optional<ResourceDefinitionContext> definition = definition(kind.apiVersion(), kind.kind());
      if (definition.isEmpty()) {
        return List.of(); // not served: no object of it can exist
      }
      var resources = client.genericKubernetesResources(definition.get());
      GenericKubernetesResourceList list =
          kind.namespace() == null
              ? resources.list()
              : resources.inNamespace(kind.namespace()).list();
      return list.getItems().stream().map(this::toMap).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
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
      return resource(ref).map(Resource::get).map(this::toMap);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
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
      Optional<ResourceDefinitionContext> definition =
          definition(resource.getApiVersion(), resource.getKind());
      if (definition.isEmpty()) {
        throw new ClusterCallException(
            "the API server does not serve kind "
                + object.get("kind")
                + " in "
                + object.get("apiVersion")
                + "; is its CustomResourceDefinition installed?");
      }
      var kind = client.genericKubernetesResources(definition.get());
      String namespace =
          resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
      var apply =
          (definition.get().isNamespaceScoped() && namespace != null
                  ? kind.inNamespace(namespace).resource(resource)
                  : kind.resource(resource))
              .fieldManager(FIELD_MANAGER);
      GenericKubernetesResource applied =
          force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
      return toMap(applied);
    } catch (ClusterCallException e) {
      throw e;
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  @Override
  public void delete(ObjectRef ref) {
    try {
      resource(ref).ifPresent(Resource::delete);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
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
      Optional<ResourceDefinitionContext> definition = definition(apiVersion, kind);
      if (definition.isEmpty()) {
        throw new ClusterCallException(
            "the API server does not serve kind " + kind + " in " + apiVersion);
      }
      Watch watch =
          client
              .genericKubernetesResources(definition.get())
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
    } catch (ClusterCallException e) {
      throw e;
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  /** The object's resource; empty when the server does not serve its kind. */
  private Optional<Resource<GenericKubernetesResource>> resource(ObjectRef ref) {
    return definition(ref.apiVersion(), ref.kind())
        .map(
            definition -> {
              MixedOperation<
                      GenericKubernetesResource,
                      GenericKubernetesResourceList,
                      Resource<GenericKubernetesResource>>
                  kind = client.genericKubernetesResources(definition);
              return ref.namespaced() && definition.isNamespaceScoped()
                  ? kind.inNamespace(ref.namespace()).withName(ref.name())
                  : kind.withName(ref.name());
            });
  }

  /**
   * The resource name and scope of {@code kind} in {@code apiVersion}; empty when the server does
   * not serve it. Discovery failures propagate (classified as any other request).
   */
  private Optional<ResourceDefinitionContext> definition(String apiVersion, String kind) {
    Map<String, ResourceDefinitionContext> kinds =
        discovered.computeIfAbsent(apiVersion, this::discover);
    if (!kinds.containsKey(kind)) {
      kinds = discover(apiVersion);
      discovered.put(apiVersion, kinds);
    }
    return Optional.ofNullable(kinds.get(kind));
  }

  private Map<String, ResourceDefinitionContext> discover(String apiVersion) {
    APIResourceList list = client.getApiResources(apiVersion);
    if (list == null || list.getResources() == null) {
      return Map.of(); // group/version not served
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    Map<String, ResourceDefinitionContext> kinds = new HashMap<>();
    for (APIResource resource : list.getResources()) {
      if (resource.getName() == null || resource.getName().contains("/")) {
        continue; // a subresource (deployments/scale), not a kind of its own
      }
      kinds.putIfAbsent(
          resource.getKind(),
          new ResourceDefinitionContext.Builder()
              .withGroup(group)
              .withVersion(version)
              .withKind(resource.getKind())
              .withPlural(resource.getName())
              .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
              .build());
    }
    return Map.copyOf(kinds);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(GenericKubernetesResource resource) {
    return json.convertValue(resource, Map.class);
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
