package io.flotilla.renderer.domain;

import java.util.Map;

/**
 * One Kubernetes object and where it was declared.
 *
 * @param file repo-relative path of the file
 * @param document 1-based index of the YAML document in the file (always 1 for JSON)
 * @param item where inside a {@code List} kind the object sits, e.g. {@code items[2]}; {@code ""}
 *     when the document is the object itself
 * @param line 1-based line of the document's (or list's) first token in the file
 * @param object the object, with string keys, as plain maps, lists and scalars
 */
record Manifest(String file, int document, String item, int line, Map<String, Object> object) {

  /** Where the object was declared, in words: {@code document 2 of a/b.yaml (line 9)}. */
  String where() {
    return "document "
        + document
        + (item.isEmpty() ? "" : " " + item)
        + " of "
        + file
        + " (line "
        + line
        + ")";
  }

  String apiVersion() {
    return (String) object.get("apiVersion");
  }

  String kind() {
    return (String) object.get("kind");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> metadata() {
    return (Map<String, Object>) object.get("metadata");
  }

  String name() {
    return (String) metadata().get("name");
  }

  /** The namespace the object names, or {@code ""} when it names none. */
  String namespace() {
    return metadata().get("namespace") instanceof String ns ? ns : "";
  }
}
