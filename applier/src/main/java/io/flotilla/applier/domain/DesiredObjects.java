package io.flotilla.applier.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the resources of a {@code DesiredState} into {@link DesiredObject}s ready to apply:
 *
 * <ul>
 *   <li>the ownership labels {@value #MANAGED_BY} = {@value #FLOTILLA} and {@value #APP_LABEL} =
 *       the app are added (so they are part of what the live object must match);
 *   <li>a namespaced object without {@code metadata.namespace} gets the app's destination
 *       namespace; a cluster-scoped one loses any namespace it names. A kind neither built in nor
 *       declared by a CRD in the bundle is taken as namespaced when the object or the app names a
 *       namespace, else as cluster-scoped (the API server rejects it if that is wrong);
 *   <li>fields the server owns ({@code status}, {@code metadata.resourceVersion}, {@code uid},
 *       {@code generation}, {@code creationTimestamp}, {@code managedFields}, {@code selfLink}) are
 *       dropped: applying them is meaningless or, for {@code resourceVersion}, a precondition that
 *       makes the apply fail;
 *   <li>the annotation {@value #CONFIG_HASH} records the hash of what is applied;
 *   <li>an object without apiVersion, kind or name, declared twice, or with a {@value #SYNC_WAVE}
 *       that is not an integer, is rejected.
 * </ul>
 */
public final class DesiredObjects {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String FLOTILLA = "flotilla";
  public static final String APP_LABEL = "flotilla.io/app";

  /**
   * SHA-256 of the object as applied (without this annotation). A live object whose hash differs
   * was applied from another configuration: fields removed from Git are only noticed this way,
   * since the desired object no longer names them.
   */
  public static final String CONFIG_HASH = "flotilla.io/config-hash";

  /** {@code "<int>"}: apply order within a group, lower first; default 0. */
  public static final String SYNC_WAVE = "flotilla.io/sync-wave";

  /** {@code "false"} on a live object: never prune it. */
  public static final String PRUNE = "flotilla.io/prune";

  public static final List<String> SERVER_METADATA =
      List.of(
          "resourceVersion",
          "uid",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private DesiredObjects() {}

  /**
   * @param app the application; its name becomes the {@value #APP_LABEL} label
   * @param namespace the destination namespace, {@code null} or empty when the app names none
   * @param resources the rendered objects, in bundle order
   */
  public static List<DesiredObject> prepare(
      String app, String namespace, List<Map<String, Object>> resources) {
    Scopes scopes = Scopes.of(resources);
    List<DesiredObject> out = new ArrayList<>(resources.size());
    Map<ObjectRef, Integer> seen = new HashMap<>();
    for (int i = 0; i < resources.size(); i++) {
      DesiredObject prepared = prepare(i, app, namespace, resources.get(i), scopes);
      if (prepared.valid()) {
        Integer first = seen.putIfAbsent(prepared.ref(), i);
        if (first != null) {
          prepared =
              rejected(
                  i,
                  prepared.ref(),
                  prepared.ref().display() + " is declared twice (resources[" + first + "])");
        }
      }
      out.add(prepared);
    }
    return out;
  }

  private static DesiredObject prepare(
      int index, String app, String defaultNamespace, Map<String, Object> resource, Scopes scopes) {
    Map<String, Object> object = resource == null ? new HashMap<>() : Trees.copyMap(resource);
    String apiVersion = object.get("apiVersion") instanceof String s ? s : "";
    String kind = object.get("kind") instanceof String s ? s : "";
    String name = Trees.text(object, "metadata", "name");
    String where = "resources[" + index + "]";
    if (apiVersion.isBlank() || kind.isBlank() || name.isBlank()) {
      ObjectRef ref =
          new ObjectRef(
              apiVersion.isBlank() ? "unknown" : apiVersion,
              kind.isBlank() ? "Unknown" : kind,
              null,
              name.isBlank() ? where : name);
      return rejected(index, ref, where + " lacks apiVersion, kind or metadata.name");
    }
    Map<String, Object> metadata = Trees.child(object, "metadata");
    String declaredNamespace = Trees.text(object, "metadata", "namespace");
    Optional<Boolean> namespacedKind = scopes.namespaced(apiVersion, kind);
    String namespace =
        namespacedKind.orElse(true)
            ? (declaredNamespace.isEmpty() ? blankToNull(defaultNamespace) : declaredNamespace)
            : null;
    ObjectRef ref = new ObjectRef(apiVersion, kind, namespace, name);
    if (namespace == null && namespacedKind.orElse(false)) {
      return rejected(
          index,
          ref,
          ref.display()
              + " is namespaced but names no metadata.namespace, and the application sets no"
              + " destination namespace");
    }
    if (namespace == null) {
      metadata.remove("namespace");
    } else {
      metadata.put("namespace", namespace);
    }
    object.remove("status");
    SERVER_METADATA.forEach(metadata::remove);
    Map<String, Object> labels = Trees.child(metadata, "labels");
    if (labels == null) {
      return rejected(index, ref, ref.display() + ": metadata.labels is not a mapping");
    }
    labels.put(MANAGED_BY, FLOTILLA);
    labels.put(APP_LABEL, app);
    Map<String, Object> annotations = Trees.child(metadata, "annotations");
    if (annotations == null) {
      return rejected(index, ref, ref.display() + ": metadata.annotations is not a mapping");
    }
    String wave =
        annotations.get(SYNC_WAVE) == null ? "0" : String.valueOf(annotations.get(SYNC_WAVE));
    if (!wave.strip().matches("-?[0-9]{1,9}")) {
      return rejected(
          index,
          ref,
          ref.display() + ": annotation " + SYNC_WAVE + " must be an integer, was '" + wave + "'");
    }
    annotations.remove(CONFIG_HASH);
    if (annotations.isEmpty()) {
      metadata.remove("annotations");
    }
    String hash = Trees.sha256(Trees.canonical(object));
    Trees.child(metadata, "annotations").put(CONFIG_HASH, hash);
    return new DesiredObject(index, ref, object, null);
  }

  private static DesiredObject rejected(int index, ObjectRef ref, String problem) {
    return new DesiredObject(index, ref, Map.of(), problem);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
