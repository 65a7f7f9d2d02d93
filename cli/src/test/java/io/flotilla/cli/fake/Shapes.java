package io.flotilla.cli.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON the real services write, field for field (Quarkus' Jackson: records as objects in
 * component order, {@code Instant} as ISO-8601 text, nulls written):
 *
 * <ul>
 *   <li>applier {@code io.flotilla.applier.api.AppStatus(app, clusters)} with {@code
 *       ClusterStatus(cluster, targeted, desiredRevision, appliedRevision, syncState, bundleHash,
 *       lastSyncStartedAt, lastSyncAt, lastError, paused, health, healthMessage, writes,
 *       resources)} (as a running applier answered on 2026-11-26) and {@code
 *       io.flotilla.events.ResourceResult(apiVersion, kind, namespace, name, outcome, message)};
 *   <li>errors {@code {error, message}} (applier {@code ErrorBody}, auditor {@code ApiError});
 *   <li>auditor {@code AuditEntryView}, {@code HistoryResource.History(app, cluster, entries)} of
 *       {@code Deployment}, and {@code Verification(verified, entries, firstBroken)}.
 * </ul>
 */
public final class Shapes {
  private Shapes() {}

  public static ObjectNode app(String app, JsonNode... clusters) {
    ObjectNode a = FakeFlotilla.JSON.createObjectNode();
    a.put("app", app);
    ArrayNode cs = a.putArray("clusters");
    for (JsonNode c : clusters) {
      cs.add(c);
    }
    return a;
  }

  public static ArrayNode apps(JsonNode... apps) {
    ArrayNode all = FakeFlotilla.JSON.createArrayNode();
    for (JsonNode a : apps) {
      all.add(a);
    }
    return all;
  }

  public static ObjectNode cluster(
      String cluster,
      String desired,
      String applied,
      String syncState,
      String lastSyncAt,
      String lastError,
      String paused,
      List<JsonNode> resources) {
    ObjectNode c = FakeFlotilla.JSON.createObjectNode();
    c.put("cluster", cluster);
    c.put("targeted", true);
    c.put("desiredRevision", desired);
    c.put("appliedRevision", applied);
    c.put("syncState", syncState);
    c.put(
        "bundleHash",
        desired == null
            ? null
            : "5d41402abc4b2a76b9719d911017c592" + "5d41402abc4b2a76b9719d911017c592");
    c.put(
        "lastSyncStartedAt",
        lastSyncAt == null ? null : lastSyncAt.replace("Z", "").substring(0, 19) + ".000Z");
    c.put("lastSyncAt", lastSyncAt);
    c.put("lastError", lastError);
    c.put("paused", paused);
    c.put("health", desired == null ? "Unknown" : "Healthy");
    c.put("healthMessage", "");
    c.put("writes", resources.size());
    ArrayNode rs = c.putArray("resources");
    resources.forEach(rs::add);
    return c;
  }

  public static ObjectNode resource(
      String kind, String namespace, String name, String outcome, String message) {
    ObjectNode r = FakeFlotilla.JSON.createObjectNode();
    r.put("apiVersion", kind.equals("Deployment") ? "apps/v1" : "v1");
    r.put("kind", kind);
    r.put("namespace", namespace);
    r.put("name", name);
    r.put("outcome", outcome);
    r.put("message", message);
    return r;
  }

  public static ObjectNode error(String error, String message) {
    ObjectNode e = FakeFlotilla.JSON.createObjectNode();
    e.put("error", error);
    e.put("message", message);
    return e;
  }

  public static ObjectNode auditEntry(
      long seq,
      String type,
      String app,
      String cluster,
      String revision,
      String actor,
      String message,
      String time) {
    ObjectNode e = FakeFlotilla.JSON.createObjectNode();
    e.put("seq", seq);
    e.put("eventId", "e-" + seq);
    e.put("type", type);
    e.put("topic", type.contains("control") ? "flotilla.control" : "flotilla.sync-results");
    e.put("app", app);
    e.put("cluster", cluster);
    e.put("revision", revision);
    e.put("actor", actor);
    e.put("message", message);
    e.put("time", time);
    e.put("recordedAt", time);
    e.putNull("bundleHash");
    e.put("prevHash", "0".repeat(64));
    e.put("hash", "a".repeat(64));
    ObjectNode event = e.putObject("event");
    event.put("specversion", "1.0");
    event.put("id", "e-" + seq);
    event.put("type", type);
    return e;
  }

  public static ObjectNode deployment(
      long seq,
      String kind,
      String cluster,
      String revision,
      String outcome,
      String author,
      String message,
      String time,
      String rollbackTo) {
    ObjectNode d = FakeFlotilla.JSON.createObjectNode();
    d.put("seq", seq);
    d.put("eventId", "e-" + seq);
    d.put("kind", kind);
    d.put("cluster", cluster);
    d.put("revision", revision);
    d.put("outcome", outcome);
    d.put("author", author);
    d.put("message", message);
    d.put("time", time);
    d.put("rollbackTo", rollbackTo);
    return d;
  }

  public static ObjectNode history(String app, JsonNode... entries) {
    ObjectNode h = FakeFlotilla.JSON.createObjectNode();
    h.put("app", app);
    h.putNull("cluster");
    ArrayNode es = h.putArray("entries");
    for (JsonNode e : entries) {
      es.add(e);
    }
    return h;
  }

  public static ObjectNode verification(boolean verified, long entries, Long brokenSeq) {
    ObjectNode v = FakeFlotilla.JSON.createObjectNode();
    v.put("verified", verified);
    v.put("entries", entries);
    if (brokenSeq == null) {
      v.putNull("firstBroken");
    } else {
      ObjectNode b = v.putObject("firstBroken");
      b.put("seq", brokenSeq);
      b.put("expected", "b".repeat(64));
      b.put("actual", "c".repeat(64));
    }
    return v;
  }
}
