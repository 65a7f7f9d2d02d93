package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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
   * One object by name: one call. Empty when it does not exist or the server does not serve its
   * kind. Used for cluster-scoped objects, whose list would carry every such object in the cluster
   * (every Namespace of every app).
   */
  Optional<Map<String, Object>> get(ObjectRef ref);

  /**
   * Server-side apply of {@code object} (field manager {@code flotilla}): the head of the object
   * after (apiVersion, kind and metadata: what the applier keeps of an answer), and whether the
   * apply created it (HTTP 201) rather than changed one that existed (200).
   *
   * @param force take ownership of fields other managers own instead of failing with a conflict
   */
  Applied apply(Map<String, Object> object, boolean force);

  /** What a server-side apply did. */
  record Applied(Map<String, Object> object, boolean created) {}

  /**
   * Every object of a kind, in every namespace, labelled {@code label}={@code value}: one call.
   * Empty when the server does not serve the kind. The default cannot list by label and says so.
   */
  default List<Map<String, Object>> listLabelled(
      String apiVersion, String kind, String label, String value) {
    throw new ClusterCallException("this client cannot list by label");
  }

  /**
   * Learns now which kinds the API server serves in {@code apiVersion} (API discovery), which a
   * request for one of them otherwise learns first. The default learns nothing.
   */
  default void discover(String apiVersion) {}

  /** Deletes the object; an object already gone is not an error. */
  void delete(ObjectRef ref);

  /**
   * Watches every object of a kind (in every namespace) labelled {@code label}={@code value}:
   * {@code listener} gets each added or changed object, and the last state of a deleted one.
   * Returns what stops the watch. The default watches nothing (drift is then found by polling
   * only).
   */
  default AutoCloseable watch(
      String apiVersion, String kind, String label, String value, WatchListener listener) {
    return () -> {};
  }

  /** Receives watch events, on the client's threads: keep it short. */
  interface WatchListener {
    /**
     * An added or changed object, or the last state of a deleted one. {@code head} holds its
     * apiVersion, kind and metadata (managedFields left out); {@code object} reads the whole object
     * when first asked (most events are this applier's own writes coming back, or status updates,
     * which need no more than the head).
     */
    void event(Map<String, Object> head, Supplier<Map<String, Object>> object, boolean deleted);

    /** The watch ended and will not deliver more events ({@code reason} is safe to log). */
    void closed(String reason);
  }
}
