package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handler of one simulated cluster: fabric8's CRUD mock plus what production code needs
 * from a real API server. It counts requests, delays responses by the configured latency, emulates
 * server-side apply (see {@link ApplyPatches} for how far), gives built-in workload kinds a status
 * subresource, answers {@code /version}, and tells the status simulator when a Deployment's or
 * StatefulSet's spec changed.
 *
 * <p>All writes of one cluster, HTTP and simulated status alike, are serialized by one lock so that
 * a read-merge-write (apply, status update) never interleaves with another write.
 */
final class SimDispatcher extends KubernetesCrudDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(SimDispatcher.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String APPLY = "application/apply-patch";
  private static final String STRATEGIC_MERGE = "application/strategic-merge-patch";
  private static final String JSON_MERGE = "application/merge-patch";
  private static final String VERSION_BODY =
      "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0-fleet-sim\","
          + "\"gitTreeState\":\"clean\",\"platform\":\"linux/amd64\"}";

  /**
   * Built-in resources ("group/plural", core group empty) whose status only changes through the
   * {@code /status} subresource, as on a real API server: writes to the object keep its status.
   */
  private static final Set<String> STATUS_SUBRESOURCES =
      Set.of(
          "apps/deployments",
          "apps/statefulsets",
          "apps/daemonsets",
          "apps/replicasets",
          "batch/jobs",
          "batch/cronjobs",
          "/pods",
          "/services",
          "/namespaces",
          "/nodes",
          "/persistentvolumes",
          "/persistentvolumeclaims",
          "/replicationcontrollers",
          "networking.k8s.io/ingresses",
          "autoscaling/horizontalpodautoscalers",
          "policy/poddisruptionbudgets");

  private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet");

  private final String cluster;
  private final Duration latency;
  private final Clock clock;
  private final RequestCounter counter = new RequestCounter();

  /** Writes take the write lock, indexed reads the read lock (see {@link StoreIndex}). */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final Lock writeLock = lock.writeLock();
  private final StoreIndex index = new StoreIndex();
  private volatile long lastResourceVersion;
  private volatile Consumer<String> workloadChanged = path -> {};
  private final SimWatches watches;

  SimDispatcher(String cluster, long latencyMs, Clock clock) {
    super(new ArrayList<>());
    this.cluster = cluster;
    this.watches = new SimWatches(cluster, writeLock, map);
    this.latency = latencyMs > 0 ? Duration.ofMillis(latencyMs) : null;
    this.clock = clock;
  }

  RequestCounter counter() {
    return counter;
  }

  private final Faults faults = new Faults();

  Faults faults() {
    return faults;
  }

  /**
   * Registers who hears about Deployments and StatefulSets whose status lags their spec; receives
   * the object's API path.
   */
  void onWorkloadChanged(Consumer<String> listener) {
    this.workloadChanged = listener;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    counter.record(request.method());
    MockResponse response;
    Faults.Injected injected = faults.next(String.valueOf(request.getPath()));
    if (injected != null) {
      response = injectedFailure(injected);
    } else {
      try {
        response = route(request);
      } catch (RuntimeException e) {
        LOG.error("{}: {} {} failed", cluster, request.getMethod(), request.getPath(), e);
        response = ApiStatus.failure(500, "fleet-sim " + cluster + ": " + e);
      }
    }
    if (response.code() >= 400 && isEmpty(response.getBody())) {
      response = ApiStatus.failure(response.code(), failureMessage(response.code(), request));
    }
    long extra = faults.extraLatencyMs();
    Duration delay =
        extra > 0
            ? (latency == null ? Duration.ofMillis(extra) : latency.plusMillis(extra))
            : latency;
    if (delay != null && !isEmpty(response.getBody())) {
      response.setBodyDelay(delay); // a Vert.x timer: requests are not serialized by it
    }
    return response;
  }

  private MockResponse injectedFailure(Faults.Injected injected) {
    if (injected.status() == 429) {
      MockResponse response =
          ApiStatus.throttled(
              "fleet-sim " + cluster + ": too many requests, please try again later",
              injected.retryAfterSeconds());
      return response;
    }
    return ApiStatus.failure(
        injected.status(), "fleet-sim " + cluster + ": injected failure " + injected.status());
  }

  private MockResponse route(RecordedRequest request) {
    HttpMethod method = request.method();
    String path = ApiPaths.withoutQuery(request.getPath());
    if (method == null) {
      return ApiStatus.failure(405, "fleet-sim does not serve this method on " + path);
    }
    if (ApiPaths.query(request.getPath()).containsKey("dryRun") && method != HttpMethod.PATCH) {
      return ApiStatus.failure(
          400, "fleet-sim emulates dryRun only for apply, strategic-merge and merge patches");
    }
    return switch (method) {
      case GET -> path.equals("/version") ? ok(VERSION_BODY) : handleGet(request.getPath());
      case POST -> noticeWorkload(path, write(() -> handleCreate(withPath(request, path))));
      case PUT -> noticeWorkload(path, write(() -> handleUpdate(withPath(request, path))));
      case PATCH -> noticeWorkload(path, write(() -> handlePatch(request)));
      case DELETE -> write(() -> handleDelete(request.getPath()));
      default -> ApiStatus.failure(405, "fleet-sim does not serve " + method + " on " + path);
    };
  }

  private MockResponse write(Supplier<MockResponse> operation) {
    writeLock.lock();
    try {
      return operation.get();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Server-side apply, strategic-merge patch and JSON merge patch all merge with {@link
   * ApplyPatches#merge}; JSON patch ({@code json-patch+json}) is the mock's own.
   */
  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    boolean apply = contentType.startsWith(APPLY);
    if (!apply && !contentType.startsWith(STRATEGIC_MERGE) && !contentType.startsWith(JSON_MERGE)) {
      if (ApiPaths.query(request.getPath()).containsKey("dryRun")) {
        return ApiStatus.failure(400, "fleet-sim does not emulate dryRun for JSON patch");
      }
      return super.handlePatch(withPath(request, ApiPaths.withoutQuery(request.getPath())));
    }
    if (nameOf(ApiPaths.withoutQuery(request.getPath())).isEmpty()) {
      return ApiStatus.failure(405, "PATCH needs an object path, not a collection");
    }
    Map<String, String> query = ApiPaths.query(request.getPath());
    String manager = query.get("fieldManager");
    if (apply && (manager == null || manager.isBlank())) {
      return ApiStatus.failure(422, "fieldManager: Required value: is required for apply patch");
    }
    JsonNode patch = SERIALIZATION.unmarshal(request.getUtf8Body(), JsonNode.class);
    if (!(patch instanceof ObjectNode patchObject)) {
      return ApiStatus.failure(400, "the patch must be a JSON or YAML object");
    }
    return mergePatch(
        ApiPaths.withoutQuery(request.getPath()),
        patchObject,
        apply ? manager : null,
        query.containsKey("dryRun"));
  }

  private MockResponse mergePatch(
      String path, ObjectNode patch, String applyManager, boolean dryRun) {
    writeLock.lock(); // re-entrant: also held by write() for HTTP requests
    try {
      ObjectNode applied = applyManager == null ? patch : ApplyPatches.withoutManagedFields(patch);
      MockResponse existing = handleGet(ApiPaths.objectOf(path));
      if (existing.code() == 404) {
        if (applyManager == null || ApiPaths.isStatus(path)) {
          return existing;
        }
        String name = applied.path("metadata").path("name").asText();
        String pathName = nameOf(path);
        if (!name.equals(pathName)) {
          return ApiStatus.failure(
              400,
              "the name of the object ("
                  + name
                  + ") does not match the name on the URL ("
                  + pathName
                  + ")");
        }
        ApplyPatches.recordApply(applied, applyManager, clock.instant());
        return dryRun ? created(applied) : create(ApiPaths.collectionOf(path), applied);
      }
      ObjectNode current = (ObjectNode) parse(existing);
      ObjectNode merged = (ObjectNode) ApplyPatches.merge(current, applied);
      if (!ApiPaths.isStatus(path) && isStatusSubresourceEnabledForResource(path)) {
        setStatus(merged, current.get("status")); // what the update below would do anyway
      }
      boolean unchanged = merged.equals(current);
      if (applyManager != null
          && !(unchanged && ApplyPatches.hasApplyEntry(current, applyManager))) {
        ApplyPatches.recordApply(merged, applyManager, clock.instant());
        unchanged = false;
      }
      if (unchanged || dryRun) {
        return ok(merged.toString()); // a no-op keeps resourceVersion, as on a real API server
      }
      return handleUpdate(json(HttpMethod.PUT, path, merged));
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Creates {@code object} (it has a name; none of that name exists) in the collection at {@code
   * collectionPath} as the mock's POST handler does, without reading it back from text twice over:
   * kind and apiVersion are required, the namespace comes from the path (another one in the object
   * is refused; a cluster-scoped object's is dropped, as on a real API server), then uid,
   * creationTimestamp, resourceVersion and generation 1 are set, and a kind with a status
   * subresource starts without status. Under the write lock.
   */
  private MockResponse create(String collectionPath, ObjectNode object) {
    String kind = object.path("kind").asText("");
    if (kind.isEmpty()) {
      return ApiStatus.failure(422, "Object 'Kind' is missing");
    }
    if (object.path("apiVersion").asText("").isEmpty()) {
      return ApiStatus.failure(422, kind + " is invalid: apiVersion: Required value");
    }
    ObjectNode metadata = object.with("metadata");
    String pathNamespace = partsOf(collectionPath).get(KubernetesAttributesExtractor.NAMESPACE);
    String namespace = metadata.path("namespace").asText("");
    if (pathNamespace != null && !namespace.isEmpty() && !namespace.equals(pathNamespace)) {
      return ApiStatus.failure(
          400,
          "the namespace of the object ("
              + namespace
              + ") does not match the namespace on the URL ("
              + pathNamespace
              + ")");
    }
    if (pathNamespace == null) {
      metadata.remove("namespace");
    } else {
      metadata.put("namespace", pathNamespace);
    }
    metadata.remove("deletionTimestamp");
    metadata.put("uid", Utils.generateId().toString()); // the mock's sequence
    metadata.put("creationTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
    metadata.put("generation", 1);
    if (isStatusSubresourceEnabledForResource(collectionPath)) {
      object.remove("status");
    }
    String state = object.toString();
    if (isCrd(collectionPath)) { // the mock also learns the new kind
      processEvent(
          collectionPath,
          getKey(collectionPath),
          null,
          SERIALIZATION.unmarshal(state, GenericKubernetesResource.class),
          state);
    } else {
      file(null, keyOf(object, collectionPath), state);
    }
    return new MockResponse().setResponseCode(201).setBody(state);
  }

  /**
   * The key the mock files {@code object} under: its identity and labels as the mock's extractor
   * reads them from a model object (only those fields are read), plus the path's for a kind whose
   * plural the object does not tell (every kind but a known custom resource).
   */
  private AttributeSet keyOf(ObjectNode object, String collectionPath) {
    JsonNode metadata = object.path("metadata");
    GenericKubernetesResource identity = new GenericKubernetesResource();
    identity.setApiVersion(object.path("apiVersion").asText(null));
    identity.setKind(object.path("kind").asText(null));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(metadata.path("name").asText(null));
    meta.setNamespace(metadata.path("namespace").asText(null));
    if (metadata.get("labels") instanceof ObjectNode labels) {
      Map<String, String> copy = new LinkedHashMap<>();
      labels.fields().forEachRemaining(e -> copy.put(e.getKey(), e.getValue().asText()));
      meta.setLabels(copy);
    }
    identity.setMetadata(meta);
    AttributeSet key = ((KubernetesAttributesExtractor) attributeExtractor).extract(identity);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? key
        : AttributeSet.merge(getKey(collectionPath), key);
  }

  /**
   * Replaces the status of the object at {@code objectPath} with {@code statusOf(object)}, as a
   * write to its {@code /status} subresource does: generation stays, resourceVersion moves,
   * watchers see MODIFIED. Not a request (not counted), so not through the mock's request handlers,
   * which read the object three times over. Returns false when the object is gone.
   */
  boolean replaceStatus(String objectPath, UnaryOperator<JsonNode> statusOf) {
    writeLock.lock();
    try {
      Map.Entry<AttributeSet, String> current = findResource(getKey(objectPath));
      if (current == null) {
        return false;
      }
      ObjectNode object = (ObjectNode) SERIALIZATION.unmarshal(current.getValue(), JsonNode.class);
      setStatus(object, statusOf.apply(object));
      ((ObjectNode) object.get("metadata"))
          .put("resourceVersion", String.valueOf(requestResourceVersion()));
      // A status write changes neither name nor labels: the object stays filed under its key.
      file(current.getKey(), current.getKey(), object.toString());
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  // ------------------------------------------------------------ the indexed store (StoreIndex)

  @Override
  public MockResponse handleGet(String path) {
    String groupVersion = BuiltinApis.groupVersion(ApiPaths.withoutQuery(path));
    if (groupVersion != null) {
      return discovery(groupVersion, super.handleGet(path));
    }
    if (path.contains("watch=") || isDiscovery(ApiPaths.withoutQuery(path))) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    lock.readLock().lock();
    try {
      Collection<AttributeSet> candidates = index.candidates(query);
      if (candidates == null) {
        return super.handleGet(path); // discovery and other paths without a resource
      }
      boolean one = query.containsKey(KubernetesAttributesExtractor.NAME);
      List<String> items = new ArrayList<>();
      for (AttributeSet key : candidates) {
        if (key.matches(query)) {
          items.add(map.get(key));
          if (one) {
            break;
          }
        }
      }
      if (one) {
        return items.isEmpty() ? new MockResponse().setResponseCode(404) : ok(items.get(0));
      }
      return ok(
          ((KubernetesResponseComposer) responseComposer)
              .compose(items, String.valueOf(lastResourceVersion)));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The resources of one group/version, built-in kinds ({@link BuiltinApis}) and the mock's own
   * answer from the CRDs it stores; the mock's answer as it is for a group/version with neither.
   */
  private static MockResponse discovery(String groupVersion, MockResponse stored) {
    boolean storedList = stored.code() == 200 && !isEmpty(stored.getBody());
    if (BuiltinApis.of(groupVersion).isEmpty() && !storedList) {
      return stored;
    }
    String body =
        storedList ? new String(stored.getBody().getBytes(), StandardCharsets.UTF_8) : null;
    return ok(BuiltinApis.resourceList(groupVersion, body));
  }

  /**
   * {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>} and {@code
   * /apis/<group>/<version>}: API discovery, which the mock answers from the CRDs it knows. (Its
   * path parser reads {@code /apis/example.io/v1} as resource {@code v1}, so these must not reach
   * the store.)
   */
  private static boolean isDiscovery(String path) {
    List<String> segments = ApiPaths.segments(path);
    return !segments.isEmpty() && segments.get(0).equals("api")
        ? segments.size() < 3
        : segments.size() < 4;
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Collection<AttributeSet> candidates = index.candidates(attributes);
    if (candidates == null) {
      return super.findResource(attributes);
    }
    for (AttributeSet key : candidates) {
      if (key.matches(attributes)) {
        return Map.entry(key, map.get(key));
      }
    }
    return null;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    writeLock.lock(); // already held for requests; also for any other caller
    try {
      AttributeSet added = null;
      if (newState != null) { // the key the store files it under, computed as the store does
        KubernetesAttributesExtractor extractor =
            (KubernetesAttributesExtractor) attributeExtractor;
        added = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        if (!added.containsKey(KubernetesAttributesExtractor.PLURAL)) {
          added = AttributeSet.merge(pathAttributes, added);
        }
      }
      if (isCrd(path)) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState); // + the CRD
        index.replace(oldAttributes, added);
        watches.changed(oldAttributes, existing, added, newState);
      } else {
        file(oldAttributes, added, newState);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private static boolean isCrd(String path) {
    return path.contains("/customresourcedefinitions");
  }

  /**
   * What the mock's {@code processEvent} does for any object but a CRD, its key computed once: the
   * object filed under {@code oldKey} (null: none) is now {@code newState} filed under {@code
   * newKey} (both null: deleted); the index and the watches hear of it. Under the write lock.
   */
  private void file(AttributeSet oldKey, AttributeSet newKey, String newState) {
    String existing = oldKey == null ? null : map.remove(oldKey);
    if (newKey != null) {
      map.put(newKey, newState);
    }
    index.replace(oldKey, newKey);
    watches.changed(oldKey, existing, newKey, newState);
  }

  /**
   * A watch served by {@link SimWatches} (the mock's own watchers stay unused): the objects
   * matching the path, its label selector and its field selector; {@code metadata.name=<n>} also as
   * the object's name, as the mock reads it.
   */
  @Override
  public MockResponse handleWatch(String path) {
    AttributeSet query = getKey(path);
    String fields = ApiPaths.query(path).get("fieldSelector");
    if (fields != null) {
      for (String requirement : fields.split(",")) {
        String[] nameIs = requirement.split("==?", 2);
        if (nameIs.length == 2 && nameIs[0].equals("metadata.name") && !nameIs[1].isEmpty()) {
          query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, nameIs[1]));
        }
      }
    }
    return new MockResponse().withWebSocketUpgrade(watches.watch(query));
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    lastResourceVersion = version;
    return version;
  }

  @Override
  public void reset() {
    writeLock.lock();
    try {
      super.reset();
      index.clear();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public AttributeSet getKey(String path) {
    AttributeSet key = PathParts.attributes(path);
    return key != null ? key : super.getKey(path);
  }

  /**
   * Built-in kinds from {@link #STATUS_SUBRESOURCES}; custom resources as their CRD says. A group
   * without a dot cannot belong to a CRD (the API server requires one), so the mock is not asked.
   */
  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    Map<String, String> parts = partsOf(path);
    String group = parts.getOrDefault(KubernetesAttributesExtractor.API, "");
    String plural = parts.getOrDefault(KubernetesAttributesExtractor.PLURAL, "");
    if (STATUS_SUBRESOURCES.contains(group + "/" + plural)) {
      return true;
    }
    return group.contains(".") && super.isStatusSubresourceEnabledForResource(path);
  }

  /** The api, version, namespace, plural and name on {@code path}, as fabric8 reads them. */
  private Map<String, String> partsOf(String path) {
    Map<String, String> parts = PathParts.of(path);
    return parts != null
        ? parts
        : ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
  }

  /**
   * Tells the status simulator about a successful write that left a workload's status behind its
   * spec; returns {@code response} unchanged. A client's own write to {@code /status} is left
   * alone, so a test can fake a status. Only a write to a deployments or statefulsets path is
   * parsed (no other path can hold a workload).
   */
  private MockResponse noticeWorkload(String path, MockResponse response) {
    if (ApiPaths.isStatus(path)
        || !(path.contains("/deployments") || path.contains("/statefulsets"))
        || response.code() < 200
        || response.code() > 299
        || isEmpty(response.getBody())) {
      return response;
    }
    JsonNode object = parse(response);
    if (!WORKLOAD_KINDS.contains(object.path("kind").asText())
        || !"apps/v1".equals(object.path("apiVersion").asText())) {
      return response;
    }
    JsonNode metadata = object.path("metadata");
    long generation = metadata.path("generation").asLong(1);
    if (object.path("status").path("observedGeneration").asLong(-1) != generation) {
      String plural = object.path("kind").asText().toLowerCase(Locale.ROOT) + "s";
      workloadChanged.accept(
          ApiPaths.objectPath(
              "apps/v1",
              metadata.path("namespace").asText(),
              plural,
              metadata.path("name").asText()));
    }
    return response;
  }

  private String failureMessage(int code, RecordedRequest request) {
    String path = ApiPaths.withoutQuery(request.getPath());
    if (code != 404) {
      return request.getMethod() + " " + path + " failed (" + code + ")";
    }
    Map<String, String> parts = partsOf(path);
    String group = parts.get(KubernetesAttributesExtractor.API);
    String resource = parts.getOrDefault(KubernetesAttributesExtractor.PLURAL, path);
    String name = parts.getOrDefault(KubernetesAttributesExtractor.NAME, "");
    return resource + (group == null ? "" : "." + group) + " \"" + name + "\" not found";
  }

  private String nameOf(String path) {
    return partsOf(path).getOrDefault(KubernetesAttributesExtractor.NAME, "");
  }

  private static void setStatus(ObjectNode object, JsonNode status) {
    if (status == null || status.isMissingNode()) {
      object.remove("status");
    } else {
      object.set("status", status);
    }
  }

  private static MockResponse created(ObjectNode object) {
    return new MockResponse().setResponseCode(201).setBody(object.toString());
  }

  private static MockResponse ok(String body) {
    return new MockResponse().setResponseCode(200).setBody(body);
  }

  /**
   * {@code request} addressed to {@code path}: the mock recognises {@code …/status} only without a
   * query string ({@code ?fieldManager=…}), and needs none for create or replace.
   */
  private static RecordedRequest withPath(RecordedRequest request, String path) {
    return new RecordedRequest(
        request.getHttpVersion(), request.method(), path, request.getHeaders(), request.getBody());
  }

  /** An internal request; the handlers it is passed to look at path and body only. */
  private static RecordedRequest json(HttpMethod method, String path, JsonNode body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().add("Content-Type", "application/json").build(),
        new Buffer().writeUtf8(body.toString()));
  }

  private static JsonNode parse(MockResponse response) {
    String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    return SERIALIZATION.unmarshal(body, JsonNode.class);
  }

  private static boolean isEmpty(Buffer body) {
    return body == null || body.size() == 0;
  }
}
