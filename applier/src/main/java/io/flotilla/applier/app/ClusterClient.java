package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import java.util.List;
import java.util.Map;

/**
 * The port to one cluster's API server. Objects are JSON-shaped maps. Implementations throw {@link
 * ClusterCallException} with a message safe to show users: the API server's own message, never
 * credentials.
 */
public interface ClusterClient {

  /**
   * Every object of a kind in a namespace (cluster-wide for a {@code null} namespace): one call.
   * Empty when the server does not serve the kind (its CRD is not installed yet).
   */
  List<Map<String, Object>> list(ObjectRef.KindInNamespace kind);

  /**
   * Server-side apply of {@code object} (field manager {@code flotilla}); the object after.
   *
   * @param force take ownership of fields other managers own instead of failing with a conflict
   */
  Map<String, Object> apply(Map<String, Object> object, boolean force);

  /** Deletes the object; an object already gone is not an error. */
  void delete(ObjectRef ref);
}
