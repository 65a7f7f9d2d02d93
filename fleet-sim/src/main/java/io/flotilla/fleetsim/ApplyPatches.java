package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The merge fleet-sim uses for server-side apply, strategic-merge and JSON merge patches, and the
 * single {@code managedFields} entry it records for an apply. Pure functions over JSON trees.
 *
 * <p>This is RFC 7386 (JSON merge patch): objects merge recursively, {@code null} deletes a key,
 * and lists are replaced whole. It is NOT server-side apply: there is no field ownership, no
 * conflict detection, no pruning of fields an earlier apply set and this one omits, and no
 * list-by-key merging (containers by name, ports by port).
 */
final class ApplyPatches {
  static final String MANAGED_FIELDS = "managedFields";

  private ApplyPatches() {}

  /** {@code patch} merged into a copy of {@code target}; neither argument is modified. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || target == null || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = ((ObjectNode) target).deepCopy();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        out.remove(field.getKey());
      } else {
        out.set(field.getKey(), merge(out.get(field.getKey()), field.getValue()));
      }
    }
    return out;
  }

  /**
   * Drops {@code metadata.managedFields} from an applied configuration: a client cannot set them
   * through an apply, and leaving them would overwrite what fleet-sim records.
   */
  static ObjectNode withoutManagedFields(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    JsonNode metadata = copy.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove(MANAGED_FIELDS);
    }
    return copy;
  }

  /** Whether {@code object} already carries an Apply entry for {@code manager}. */
  static boolean hasApplyEntry(JsonNode object, String manager) {
    for (JsonNode entry : object.path("metadata").path(MANAGED_FIELDS)) {
      if (manager.equals(entry.path("manager").asText())
          && "Apply".equals(entry.path("operation").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces {@code manager}'s Apply entry in {@code object.metadata.managedFields} with one
   * stamped {@code now}; entries of other managers stay. No {@code fieldsV1} is recorded: this says
   * who applied and when, not which fields they own.
   */
  static void recordApply(ObjectNode object, String manager, Instant now) {
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    JsonNode previous = metadata.path(MANAGED_FIELDS).deepCopy();
    ArrayNode entries = metadata.putArray(MANAGED_FIELDS);
    for (JsonNode entry : previous) {
      boolean same =
          manager.equals(entry.path("manager").asText())
              && "Apply".equals(entry.path("operation").asText());
      if (!same) {
        entries.add(entry);
      }
    }
    ObjectNode entry = entries.addObject();
    entry.put("manager", manager);
    entry.put("operation", "Apply");
    entry.put("apiVersion", object.path("apiVersion").asText());
    entry.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
