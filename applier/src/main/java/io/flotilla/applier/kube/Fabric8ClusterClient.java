package io.flotilla.applier.kube;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.domain.ObjectRef;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

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
  private static final Logger LOG = Logger.getLogger(Fabric8ClusterClient.class);
  private static final String APPLY_PATCH = "application/apply-patch+yaml";

  /** Lists and applies go as JSON maps, read and written by one plain mapper. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubernetesClient client;
  private final KubernetesSerialization json;
  private final HttpClient http;
  private final String master;
  private final int requestTimeoutMs;

  /** apiVersion to the kinds its discovery listed. */
  private final Map<String, Map<String, ResourceDefinitionContext>> discovered =
      new ConcurrentHashMap<>();

  Fabric8ClusterClient(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.master = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.requestTimeoutMs = client.getConfiguration().getRequestTimeout();
  }

  @Override
  public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
    return listAt(kind.apiVersion(), kind.kind(), kind.namespace(), null);
  }

  @Override
  public List<Map<String, Object>> listLabelled(
      String apiVersion, String kind, String label, String value) {
    return listAt(apiVersion, kind, null, label + "=" + value);
  }

  /**
   * One list call, in a namespace (all for null), of objects matching {@code selector} (if any).
   */
  private List<Map<String, Object>> listAt(
      String apiVersion, String kind, String namespace, String selector) {
    try {
      Optional<ResourceDefinitionContext> definition = definition(apiVersion, kind);
      if (definition.isEmpty()) {
        return List.of(); // not served: no object of it can exist
      }
      String uri =
          collection(definition.get(), namespace)
              + (selector == null
                  ? ""
                  : "?labelSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
      Response response = send(http.newHttpRequestBuilder().uri(uri));
      if (response.code() == 404) {
        return List.of();
      }
      Object items = response.body().get("items");
      if (!(items instanceof List<?> list)) {
        return List.of();
      }
      // A real API server leaves apiVersion and kind out of the items of built-in kinds' lists.
      List<Map<String, Object>> objects = new ArrayList<>(list.size());
      for (Object item : list) {
        if (item instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> object = (Map<String, Object>) m;
          object.putIfAbsent("apiVersion", apiVersion);
          object.putIfAbsent("kind", kind);
          objects.add(object);
        }
      }
      return objects;
    } catch (ClusterCallException e) {
      throw e;
    } catch (KubernetesClientException e) {
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
  public Applied apply(Map<String, Object> object, boolean force) {
    try {
      String apiVersion = String.valueOf(object.get("apiVersion"));
      String kind = String.valueOf(object.get("kind"));
      Optional<ResourceDefinitionContext> definition = definition(apiVersion, kind);
      if (definition.isEmpty()) {
        throw new ClusterCallException(
            "the API server does not serve kind "
                + kind
                + " in "
                + apiVersion
                + "; is its CustomResourceDefinition installed?");
      }
      Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
      Object name = metadata.get("name");
      Object namespace = metadata.get("namespace");
      // Without a name this is the collection's path, and the API server says what is wrong.
      String uri =
          collection(definition.get(), namespace instanceof String ns ? ns : null)
              + (name instanceof String n && !n.isEmpty() ? "/" + segment(n) : "")
              + "?fieldManager="
              + FIELD_MANAGER
              + (force ? "&force=true" : "");
      Response response =
          send(
              http.newHttpRequestBuilder()
                  .uri(uri)
                  .method("PATCH", APPLY_PATCH, MAPPER.writeValueAsString(object)),
              Fabric8ClusterClient::head);
      if (response.code() == 404) {
        throw new ClusterCallException("HTTP 404: " + response.message(), 404, null, false);
      }
      return new Applied(response.body(), response.code() == 201);
    } catch (ClusterCallException e) {
      throw e;
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (JsonProcessingException e) {
      throw new ClusterCallException("the object cannot be written as JSON", 0, null, false);
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

  /**
   * A watch over a WebSocket of the cluster's HTTP client (authentication and TLS as for every
   * call), its events read straight into maps: no model classes, as for lists. It does not
   * reconnect: once it ends, {@code listener.closed} says so, and the caller opens a new one.
   */
  @Override
  public AutoCloseable watch(
      String apiVersion, String kind, String label, String value, WatchListener listener) {
    try {
      Optional<ResourceDefinitionContext> definition = definition(apiVersion, kind);
      if (definition.isEmpty()) {
        throw new ClusterCallException(
            "the API server does not serve kind " + kind + " in " + apiVersion);
      }
      URI uri =
          WebSocket.toWebSocketUri(
              URI.create(
                  collection(definition.get(), null)
                      + "?watch=true&labelSelector="
                      + URLEncoder.encode(label + "=" + value, StandardCharsets.UTF_8)));
      RawWatch watch = new RawWatch(apiVersion, kind, listener);
      int timeoutMs = Math.max(requestTimeoutMs, 10_000);
      WebSocket socket =
          await(
              http.newWebSocketBuilder()
                  .uri(uri)
                  .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                  .buildAsync(watch)
                  .orTimeout(timeoutMs, TimeUnit.MILLISECONDS),
              "opening a watch");
      return () -> socket.sendClose(1000, "watch closed by the applier");
    } catch (ClusterCallException e) {
      throw e;
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  /** One watch's WebSocket: each message is one watch event, {@code {"type":..,"object":{..}}}. */
  private static final class RawWatch implements WebSocket.Listener {
    private final String apiVersion;
    private final String kind;
    private final WatchListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();

    RawWatch(String apiVersion, String kind, WatchListener listener) {
      this.apiVersion = apiVersion;
      this.kind = kind;
      this.listener = listener;
    }

    @Override
    public void onOpen(WebSocket socket) {
      socket.request();
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      handle(socket, text);
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer bytes) {
      handle(socket, StandardCharsets.UTF_8.decode(bytes).toString());
    }

    /**
     * Reads the event's type and its object's apiVersion, kind and metadata, skipping the rest; the
     * whole object is read only if the listener asks for it.
     */
    private void handle(WebSocket socket, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8); // parsed faster than the text
      Head head = head(bytes);
      if (head == null) {
        socket.request(); // not an event with an object: nothing to tell
        return;
      }
      if ("ERROR".equals(head.type())) {
        Object status = parse(bytes).get("object");
        // a Status: 410 when the version watched from is gone
        Map<?, ?> error = status instanceof Map<?, ?> m ? m : Map.of();
        end(
            Integer.valueOf(410).equals(number(error.get("code")))
                ? "resource version too old"
                : "error event: " + error.get("message"));
        socket.sendClose(1000, "error event");
        return;
      }
      String type = head.type();
      if ("ADDED".equals(type) || "MODIFIED".equals(type) || "DELETED".equals(type)) {
        Map<String, Object> object = head.object();
        object.putIfAbsent("apiVersion", apiVersion);
        object.putIfAbsent("kind", kind);
        try {
          listener.event(object, new WholeObject(bytes, apiVersion, kind), "DELETED".equals(type));
        } catch (RuntimeException e) {
          // a listener's bug must not end the watch; it is logged, the next event still comes
          LOG.errorf("a %s watch event could not be handled: %s", kind, e.toString());
        }
      }
      socket.request();
    }

    /**
     * The type and the object's head of an event (its metadata without managedFields, which no
     * decision here reads and which are most of the metadata on a real API server), or null when it
     * is not a readable event.
     */
    private static Head head(byte[] event) {
      try (JsonParser parser = MAPPER.getFactory().createParser(event)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        String type = null;
        Map<String, Object> object = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("type".equals(field) && value == JsonToken.VALUE_STRING) {
            type = parser.getText();
          } else if ("object".equals(field) && value == JsonToken.START_OBJECT) {
            object = objectHead(parser);
          } else {
            parser.skipChildren();
          }
        }
        return type == null || object == null ? null : new Head(type, object);
      } catch (IOException e) {
        return null;
      }
    }

    /**
     * The head of the object whose start the parser is at: its apiVersion, kind and metadata
     * (without managedFields); the rest is skipped, not read into maps.
     */
    static Map<String, Object> objectHead(JsonParser parser) throws IOException {
      Map<String, Object> object = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken v = parser.nextToken();
        if ((name.equals("apiVersion") || name.equals("kind")) && v == JsonToken.VALUE_STRING) {
          object.put(name, parser.getText());
        } else if (name.equals("metadata") && v == JsonToken.START_OBJECT) {
          object.put(name, metadata(parser));
        } else {
          parser.skipChildren();
        }
      }
      return object;
    }

    /** The object at the parser, its managedFields left out. */
    private static Map<String, Object> metadata(JsonParser parser) throws IOException {
      Map<String, Object> metadata = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("managedFields")) {
          parser.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
          metadata.put(name, parser.getText());
        } else {
          metadata.put(name, MAPPER.readValue(parser, Object.class));
        }
      }
      return metadata;
    }

    private static Integer number(Object value) {
      return value instanceof Number n ? n.intValue() : null;
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason) {
      end("closed (" + code + ")");
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      end(error.getClass().getSimpleName());
    }

    private void end(String reason) {
      if (ended.compareAndSet(false, true)) {
        listener.closed(reason);
      }
    }
  }

  private record Head(String type, Map<String, Object> object) {}

  /** The whole object of a watch event, read once, when first asked for. */
  private static final class WholeObject implements Supplier<Map<String, Object>> {
    private final byte[] event;
    private final String apiVersion;
    private final String kind;
    private Map<String, Object> object;

    WholeObject(byte[] event, String apiVersion, String kind) {
      this.event = event;
      this.apiVersion = apiVersion;
      this.kind = kind;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized Map<String, Object> get() {
      if (object == null) {
        Object read = parse(event).get("object");
        object = read instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
        object.putIfAbsent("apiVersion", apiVersion);
        object.putIfAbsent("kind", kind);
      }
      return object;
    }
  }

  /** An answer of the API server below 400 (or 404), its body read as JSON. */
  private record Response(int code, Map<String, Object> body) {
    String message() {
      return body.get("message") instanceof String m ? m : "";
    }
  }

  /**
   * Sends a request straight through fabric8's HTTP client (authentication, TLS and timeouts as the
   * cluster's configuration sets them) and reads the answer as a JSON map: no model classes, no
   * conversions between them and maps. A status of 400 or more other than 404 is a {@link
   * ClusterCallException} with the server's own message ({@code Status.message}) and {@code
   * Retry-After}.
   */
  private Response send(HttpRequest.Builder request) {
    return send(request, Fabric8ClusterClient::parse);
  }

  /**
   * As {@link #send(HttpRequest.Builder)}, an answer below 400 read by {@code reader}; any other
   * answer is read whole, for its message.
   */
  private Response send(HttpRequest.Builder request, Function<byte[], Map<String, Object>> reader) {
    if (requestTimeoutMs > 0) {
      request.timeout(requestTimeoutMs, TimeUnit.MILLISECONDS);
    }
    HttpResponse<byte[]> response =
        await(http.sendAsync(request.build(), byte[].class), "waiting for the API server");
    int code = response.code();
    if (code < 400) {
      return new Response(code, reader.apply(response.body()));
    }
    Map<String, Object> body = parse(response.body());
    if (code == 404) {
      return new Response(code, body);
    }
    String message = body.get("message") instanceof String m ? m : null;
    throw answered(code, message, retryAfter(response, body));
  }

  /**
   * The answer of an asynchronous call; its failure (a timeout included) as a {@link
   * ClusterCallException} classified like any other, and an interrupt as a transient one.
   */
  private static <T> T await(CompletableFuture<T> answer, String doing) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterCallException("interrupted while " + doing, 0, null, true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof TimeoutException) {
        throw new ClusterCallException("timed out " + doing, 0, null, true);
      }
      throw new ClusterCallException(Errors.describe(cause), 0, null, Errors.isTransient(cause));
    }
  }

  /** {@code Retry-After} in seconds, from the header or the Status details. */
  private static Duration retryAfter(HttpResponse<byte[]> response, Map<String, Object> body) {
    String header = response.header("Retry-After");
    if (header != null) {
      try {
        return Duration.ofSeconds(Long.parseLong(header.trim()));
      } catch (NumberFormatException e) {
        // an HTTP date: fall back to the Status details
      }
    }
    if (body.get("details") instanceof Map<?, ?> details
        && details.get("retryAfterSeconds") instanceof Number seconds) {
      return Duration.ofSeconds(seconds.longValue());
    }
    return null;
  }

  /**
   * The head of the object a body holds (apiVersion, kind, metadata without managedFields), the
   * rest skipped; empty when it is not a JSON object.
   */
  private static Map<String, Object> head(byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
      return parser.nextToken() == JsonToken.START_OBJECT ? RawWatch.objectHead(parser) : Map.of();
    } catch (IOException e) {
      return Map.of(); // not JSON (a proxy's page): the status code says what happened
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    try {
      Object value = MAPPER.readValue(body, Object.class);
      return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    } catch (IOException e) {
      return Map.of(); // not JSON (a proxy's error page): the status code says what happened
    }
  }

  /** The path of a kind's collection, in {@code namespace} when the kind is namespaced. */
  private String collection(ResourceDefinitionContext definition, String namespace) {
    String group = definition.getGroup();
    StringBuilder path = new StringBuilder(master);
    if (group == null || group.isEmpty()) {
      path.append("/api/").append(definition.getVersion());
    } else {
      path.append("/apis/").append(group).append('/').append(definition.getVersion());
    }
    if (definition.isNamespaceScoped() && namespace != null) {
      path.append("/namespaces/").append(segment(namespace));
    }
    return path.append('/').append(definition.getPlural()).toString();
  }

  /**
   * {@code value} as one path segment: names the API server accepts never hold {@code /} or {@code
   * %} and are not {@code .} or {@code ..}; anything else outside the unreserved characters is
   * percent-encoded, so no name can reach another path.
   */
  static String segment(String value) {
    if (value.isEmpty()
        || value.equals(".")
        || value.equals("..")
        || value.indexOf('/') >= 0
        || value.indexOf('%') >= 0) {
      throw new ClusterCallException(
          "'" + value + "' is not a valid object or namespace name", 400, null, false);
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "-._~:@".indexOf(c) >= 0;
      if (plain) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(value.substring(0, i));
      }
      for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out == null ? value : out.toString();
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
        discovered.computeIfAbsent(apiVersion, this::discovery);
    if (!kinds.containsKey(kind)) {
      kinds = discovery(apiVersion);
      discovered.put(apiVersion, kinds);
    }
    return Optional.ofNullable(kinds.get(kind));
  }

  /** Learns {@code apiVersion}'s kinds now, unless already known. */
  @Override
  public void discover(String apiVersion) {
    try {
      discovered.computeIfAbsent(apiVersion, this::discovery);
    } catch (KubernetesClientException e) {
      throw failure(e);
    } catch (RuntimeException e) {
      throw new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
    }
  }

  private Map<String, ResourceDefinitionContext> discovery(String apiVersion) {
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

  /**
   * The object as a JSON map. Only {@code metadata} is a typed class in a generic resource; the
   * rest (spec, data, status) was read as plain maps and lists already, so it is taken as it is
   * rather than written out and read back (a watch event per object applied goes through here).
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(GenericKubernetesResource resource) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (resource.getApiVersion() != null) {
      out.put("apiVersion", resource.getApiVersion());
    }
    if (resource.getKind() != null) {
      out.put("kind", resource.getKind());
    }
    if (resource.getMetadata() != null) {
      out.put("metadata", json.convertValue(resource.getMetadata(), Map.class));
    }
    out.putAll(resource.getAdditionalProperties());
    return out;
  }

  private static ClusterCallException failure(KubernetesClientException e) {
    int code = e.getCode();
    if (code > 0) {
      Status status = e.getStatus();
      return answered(code, status == null ? null : status.getMessage(), retryAfter(e));
    }
    return new ClusterCallException(Errors.describe(e), 0, null, Errors.isTransient(e));
  }

  /**
   * The API server answered {@code code} (400 or more): its own message, and whether another try
   * may succeed (429 and 5xx).
   */
  private static ClusterCallException answered(int code, String message, Duration retryAfter) {
    return new ClusterCallException(
        "HTTP " + code + (message == null ? "" : ": " + message),
        code,
        retryAfter,
        code == 429 || code >= 500);
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
    return failure(e).getMessage();
  }
}
