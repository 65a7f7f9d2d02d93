package io.flotilla.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeMap;

/** Builds object nodes whose fields iterate in key order: the basis of canonical JSON. */
final class SortedNodeFactory extends JsonNodeFactory {
  @Override
  public ObjectNode objectNode() {
    return new ObjectNode(this, new TreeMap<>());
  }
}
