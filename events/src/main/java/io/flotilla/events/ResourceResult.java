package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a sync did to one object.
 *
 * @param message why it failed, or a short note; empty when there is nothing to say
 */
public record ResourceResult(
    String apiVersion,
    String kind,
    String namespace,
    String name,
    Outcome outcome,
    String message) {
  public ResourceResult {
    Required.text(apiVersion, "apiVersion");
    Required.text(kind, "kind");
    Required.text(name, "name");
    Required.value(outcome, "outcome");
    message = message == null ? "" : message;
  }

  /** The outcome of applying one object. */
  public enum Outcome {
    @JsonProperty("created")
    CREATED,
    @JsonProperty("configured")
    CONFIGURED,
    @JsonProperty("unchanged")
    UNCHANGED,
    @JsonProperty("failed")
    FAILED,
    /** Deleted: the app owned it and no longer declares it. */
    @JsonProperty("pruned")
    PRUNED,
    /** No longer declared but kept (prune off, annotated {@code flotilla.io/prune: "false"}). */
    @JsonProperty("retained")
    RETAINED
  }

  /** {@code Kind namespace/name} or {@code Kind name} for cluster-scoped objects. */
  public String display() {
    return kind + " " + (namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
  }
}
