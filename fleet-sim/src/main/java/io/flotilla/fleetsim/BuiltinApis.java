package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * API discovery for the built-in kinds ({@code GET /api/v1}, {@code GET /apis/<group>/<version>}),
 * which a real API server answers and fabric8's mock does not (it lists only the CRDs it stores). A
 * client that knows no model classes (the applier) learns a kind's resource name and scope from
 * these lists, as kubectl does. Built from the kinds of fabric8's model: every {@link HasMetadata}
 * class with a group and version, its plural, and whether it is {@link Namespaced}.
 *
 * <p>Not emulated: the verbs are the same for every kind, and subresources, short names and
 * categories are not listed; {@code /api} and {@code /apis} still answer as the mock does.
 */
final class BuiltinApis {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** One discoverable resource. */
  record Resource(String name, String kind, boolean namespaced) {}

  /** Group/version ("v1" for the core group) to its kinds, in kind order. */
  private static final Map<String, Map<String, Resource>> BY_GROUP_VERSION = load();

  private BuiltinApis() {}

  static Map<String, Resource> of(String groupVersion) {
    return BY_GROUP_VERSION.getOrDefault(groupVersion, Map.of());
  }

  /**
   * The {@code APIResourceList} of {@code groupVersion}: the built-in kinds, then those of {@code
   * stored} (the mock's answer from its CRDs, any JSON; its resources are kept, a built-in kind
   * they name too is not repeated).
   */
  static String resourceList(String groupVersion, String stored) {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    Set<String> kinds = new HashSet<>();
    JsonNode fromStore = readOrNull(stored);
    if (fromStore != null && fromStore.path("resources").isArray()) {
      for (JsonNode resource : fromStore.path("resources")) {
        resources.add(resource);
        kinds.add(resource.path("kind").asText());
      }
    }
    for (Resource builtin : of(groupVersion).values()) {
      if (kinds.add(builtin.kind())) {
        ObjectNode r = resources.addObject();
        r.put("name", builtin.name());
        r.put("singularName", builtin.kind().toLowerCase(Locale.ROOT));
        r.put("namespaced", builtin.namespaced());
        r.put("kind", builtin.kind());
        VERBS.forEach(r.putArray("verbs")::add);
      }
    }
    return list.toString();
  }

  /** Group/version of a discovery path ({@code /api/v1}, {@code /apis/apps/v1}), else null. */
  static String groupVersion(String path) {
    List<String> segments = ApiPaths.segments(path);
    if (segments.size() == 2 && segments.get(0).equals("api")) {
      return segments.get(1);
    }
    if (segments.size() == 3 && segments.get(0).equals("apis")) {
      return segments.get(1) + "/" + segments.get(2);
    }
    return null;
  }

  private static JsonNode readOrNull(String json) {
    try {
      return json == null || json.isBlank() ? null : JSON.readTree(json);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Map<String, Map<String, Resource>> load() {
    Map<String, Map<String, Resource>> byGroupVersion = new LinkedHashMap<>();
    ServiceLoader.load(KubernetesResource.class, BuiltinApis.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::type)
        .filter(HasMetadata.class::isAssignableFrom)
        .filter(type -> !KubernetesResourceList.class.isAssignableFrom(type))
        .forEach(
            type -> {
              @SuppressWarnings("unchecked")
              Class<? extends HasMetadata> kind = (Class<? extends HasMetadata>) type;
              String version = HasMetadata.getVersion(kind);
              if (version == null) {
                return; // not a kind of the API (GenericKubernetesResource)
              }
              String group = HasMetadata.getGroup(kind);
              String groupVersion =
                  group == null || group.isEmpty() ? version : group + "/" + version;
              byGroupVersion
                  .computeIfAbsent(groupVersion, gv -> new TreeMap<>())
                  .putIfAbsent(
                      HasMetadata.getKind(kind),
                      new Resource(
                          HasMetadata.getPlural(kind),
                          HasMetadata.getKind(kind),
                          Namespaced.class.isAssignableFrom(kind)));
            });
    return byGroupVersion;
  }
}
