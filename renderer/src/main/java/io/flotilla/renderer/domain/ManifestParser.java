package io.flotilla.renderer.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns the text of one manifest file into objects. YAML files are streams of documents (empty
 * documents skipped); JSON files hold one value. Either may be a {@code List} kind, which is
 * flattened into its items. Line numbers are absolute in the file: SnakeYAML's marks count from the
 * start of the stream, not of the document.
 */
final class ManifestParser {
  /** Deep enough for the largest CRD schemas; stops recursive aliases from looping. */
  static final int MAX_DEPTH = 200;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ManifestParser() {}

  static boolean isManifest(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith(".json");
  }

  static List<Manifest> parse(String file, String content, Limits limits) throws InvalidManifest {
    Budget budget = new Budget(maxNodes(limits));
    return file.endsWith(".json")
        ? json(file, content, budget)
        : yaml(file, content, limits, budget);
  }

  /** Values one stream may expand to: a YAML alias can repeat a large subtree many times. */
  static long maxNodes(Limits limits) {
    return Math.max(10_000, limits.maxRenderBytes() / 8);
  }

  /** Counts the values copied out of one stream, across its documents. */
  private static final class Budget {
    private final long max;
    private long used;

    Budget(long max) {
      this.max = max;
    }

    void spend(String file, int line, String where) throws InvalidManifest {
      if (++used > max) {
        throw new InvalidManifest(
            file,
            line,
            where
                + " expands to more than "
                + max
                + " values (YAML aliases repeating a subtree, a 'billion laughs'?); refused");
      }
    }
  }

  private static List<Manifest> yaml(String file, String content, Limits limits, Budget budget)
      throws InvalidManifest {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(limits.maxYamlAliases());
    options.setCodePointLimit(limits.maxYamlCodePoints());
    StringTimestamps constructor = new StringTimestamps(options);
    DumperOptions dump = new DumperOptions();
    Yaml yaml = new Yaml(constructor, new Representer(dump), dump, options);
    List<Manifest> out = new ArrayList<>();
    int document = 0;
    try {
      for (Node node : yaml.composeAll(new StringReader(content))) {
        document++;
        long expanded = expandedSize(node, new java.util.IdentityHashMap<>());
        if (expanded > budget.max - budget.used) {
          // refused from the node graph, before building anything: aliases make it cheap to
          // write a small stream that expands to billions of values
          throw new InvalidManifest(
              file,
              node.getStartMark().getLine() + 1,
              "document "
                  + document
                  + " of "
                  + file
                  + " expands to "
                  + (expanded == Long.MAX_VALUE ? "billions of" : "about " + expanded)
                  + " values, more than "
                  + budget.max
                  + " (YAML aliases repeating a subtree, a 'billion laughs'?); refused");
        }
        Object value = constructor.construct(node);
        if (value != null) {
          objects(out, file, document, "", node.getStartMark().getLine() + 1, value, budget);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new InvalidManifest(
          file, at == null ? null : at.getLine() + 1, "malformed YAML: " + describe(e));
    } catch (YAMLException e) {
      // SnakeYAML's limits (aliases, nesting depth, size) end here, without a position
      throw new InvalidManifest(file, null, "YAML refused: " + e.getMessage());
    }
    return out;
  }

  /**
   * How many values {@code node} expands to when every alias is copied out (map keys not counted),
   * computed once per distinct node; a node that contains itself counts as 0 here (the copy stops
   * it by depth). Saturates at {@code Long.MAX_VALUE}.
   */
  private static long expandedSize(Node node, java.util.Map<Node, Long> memo) {
    Long known = memo.get(node);
    if (known != null) {
      return known;
    }
    memo.put(node, 0L); // in progress: a recursive alias adds nothing
    long size = 1;
    if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode seq) {
      for (Node child : seq.getValue()) {
        size = saturatedAdd(size, expandedSize(child, memo));
      }
    } else if (node instanceof org.yaml.snakeyaml.nodes.MappingNode map) {
      for (org.yaml.snakeyaml.nodes.NodeTuple t : map.getValue()) {
        size = saturatedAdd(size, expandedSize(t.getValueNode(), memo));
      }
    }
    memo.put(node, size);
    return size;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    if (e.getContext() == null) {
      return problem;
    }
    Mark context = e.getContextMark();
    return problem
        + " ("
        + e.getContext()
        + (context == null ? "" : " started at line " + (context.getLine() + 1))
        + ")";
  }

  private static List<Manifest> json(String file, String content, Budget budget)
      throws InvalidManifest {
    List<Manifest> out = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(content)) {
      if (parser.nextToken() == null) {
        return out;
      }
      int line = parser.currentTokenLocation().getLineNr();
      JsonNode node = JSON.readTree(parser);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new InvalidManifest(
            file,
            parser.currentTokenLocation().getLineNr(),
            "malformed JSON: more than one value; a JSON file holds one object (or a List kind)");
      }
      objects(out, file, 1, "", line, JSON.treeToValue(node, Object.class), budget);
    } catch (JsonProcessingException e) {
      Integer line = e.getLocation() == null ? null : e.getLocation().getLineNr();
      throw new InvalidManifest(file, line, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail", e);
    }
    return out;
  }

  private static void objects(
      List<Manifest> out,
      String file,
      int document,
      String item,
      int line,
      Object value,
      Budget budget)
      throws InvalidManifest {
    String where = "document " + document + (item.isEmpty() ? "" : " " + item) + " of " + file;
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidManifest(
          file,
          line,
          where
              + " is "
              + describe(value)
              + ", expected a Kubernetes object (a mapping with apiVersion, kind and metadata)");
    }
    Object kind = map.get("kind");
    Object items = map.get("items");
    if (kind instanceof String k && k.endsWith("List") && items instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String at = (item.isEmpty() ? "" : item + ".") + "items[" + i + "]";
        objects(out, file, document, at, line, list.get(i), budget);
      }
      return;
    }
    if ("List".equals(kind)) {
      throw new InvalidManifest(
          file, line, where + " is a List without 'items' (a list of objects)");
    }
    out.add(
        new Manifest(
            file, document, item, line, stringKeys(map, 0, new At(file, line, where, budget))));
  }

  private record At(String file, int line, String where, Budget budget) {}

  /** A deep copy with string keys (JSON has no others) and no shared or recursive parts. */
  private static Map<String, Object> stringKeys(Map<?, ?> map, int depth, At at)
      throws InvalidManifest {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), copyValue(e.getValue(), depth + 1, at));
    }
    return copy;
  }

  private static Object copyValue(Object value, int depth, At at) throws InvalidManifest {
    at.budget().spend(at.file(), at.line(), at.where());
    if (depth > MAX_DEPTH) {
      throw new InvalidManifest(
          at.file(),
          at.line(),
          at.where() + " nests deeper than " + MAX_DEPTH + " levels (a recursive alias?)");
    }
    if (value instanceof Map<?, ?> map) {
      return stringKeys(map, depth, at);
    }
    if (value instanceof Collection<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object v : list) {
        copy.add(copyValue(v, depth + 1, at));
      }
      return copy;
    }
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    return String.valueOf(value);
  }

  private static String describe(Object value) {
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String s) {
      return "the text '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
    return value instanceof Boolean ? "a boolean" : "a number";
  }

  /**
   * YAML 1.1 as Kubernetes reads it: timestamps and binary stay text (as they do through
   * sigs.k8s.io/yaml) instead of becoming Java dates and byte arrays.
   */
  private static final class StringTimestamps extends SafeConstructor {
    StringTimestamps(LoaderOptions options) {
      super(options);
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
      yamlConstructors.put(Tag.BINARY, new ConstructYamlStr());
    }

    Object construct(Node node) {
      return constructDocument(node);
    }
  }
}
