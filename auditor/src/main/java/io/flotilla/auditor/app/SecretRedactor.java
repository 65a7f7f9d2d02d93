package io.flotilla.auditor.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.events.EventCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the values of every Kubernetes Secret's {@code data} and {@code stringData} in a JSON
 * tree by {@code sha256:<hex>} of the value, wherever the Secret sits (a desired state's resources,
 * a drift report, anything added later). What is hashed is the value as it appears in the JSON
 * (base64 for {@code data}), so the same Secret still gives the same hash.
 */
final class SecretRedactor {
  static final String PREFIX = "sha256:";

  private SecretRedactor() {}

  /** Redacts {@code node} in place; returns how many values were replaced. */
  static int redact(JsonNode node) {
    int replaced = 0;
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if ("Secret".equals(object.path("kind").asText(null))) {
        replaced += hashValues(object, "data") + hashValues(object, "stringData");
      }
      for (JsonNode child : object) {
        replaced += redact(child);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        replaced += redact(child);
      }
    }
    return replaced;
  }

  private static int hashValues(ObjectNode secret, String field) {
    JsonNode values = secret.get(field);
    if (values == null || values.isNull()) {
      return 0;
    }
    if (!values.isObject()) {
      // not a map as Kubernetes has it: keep nothing of it but its hash
      secret.put(field, PREFIX + EventCodec.sha256(values.toString()));
      return 1;
    }
    ObjectNode map = (ObjectNode) values;
    List<String> names = new ArrayList<>();
    map.fieldNames().forEachRemaining(names::add);
    int replaced = 0;
    for (String name : names) {
      JsonNode value = map.get(name);
      String text = value.isTextual() ? value.asText() : value.toString();
      map.put(name, PREFIX + EventCodec.sha256(text));
      replaced++;
    }
    return replaced;
  }
}
