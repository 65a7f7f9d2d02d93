package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import java.util.Map;
import java.util.Optional;

/**
 * The port to one cluster's API server. Objects are JSON-shaped maps. Implementations throw {@link
 * ClusterCallException} with a message safe to show users: the API server's own message, never
 * credentials.
 */
public interface ClusterClient {

  /** The live object, or empty when the cluster has none (including when its kind is unknown). */
  Optional<Map<String, Object>> get(ObjectRef ref);

  /** Server-side apply of {@code object} (field manager {@code flotilla}); the object after. */
  Map<String, Object> apply(Map<String, Object> object);
}
