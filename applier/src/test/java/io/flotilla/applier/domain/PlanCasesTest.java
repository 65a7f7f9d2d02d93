package io.flotilla.applier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each folder under {@code src/test/resources/cases/} holds the desired objects of
 * app {@code guestbook} (destination namespace {@code guestbook}), what the cluster holds, and the
 * plan expected: prepare → pair → diff → plan, all pure.
 */
class PlanCasesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(PlanCasesTest.class.getResource("/cases").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldPlanAsExpected(String name) throws Exception {
    Path dir = Path.of(PlanCasesTest.class.getResource("/cases/" + name).toURI());
    List<Map<String, Object>> desired = documents(dir.resolve("desired.yaml"));
    List<Map<String, Object>> live = documents(dir.resolve("live.yaml"));

    List<DesiredObject> objects = DesiredObjects.prepare("guestbook", "guestbook", desired);
    List<Step> plan = Plan.plan(Plan.pair(objects, liveByRef(objects, live)));

    assertThat(describe(plan)).isEqualTo(expected(dir.resolve("expected.json")));
  }

  private static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, new TypeReference<Map<String, Object>>() {});
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  /** Every valid desired object is absent unless the live file has it. */
  private static Map<ObjectRef, Live> liveByRef(
      List<DesiredObject> objects, List<Map<String, Object>> live) {
    Map<ObjectRef, Live> out = new HashMap<>();
    objects.stream().filter(DesiredObject::valid).forEach(o -> out.put(o.ref(), Live.ABSENT));
    for (Map<String, Object> object : live) {
      String namespace = Trees.text(object, "metadata", "namespace");
      ObjectRef ref =
          new ObjectRef(
              (String) object.get("apiVersion"),
              (String) object.get("kind"),
              namespace.isEmpty() ? null : namespace,
              Trees.text(object, "metadata", "name"));
      out.put(ref, new Live.Present(object));
    }
    return out;
  }

  private static List<Map<String, Object>> describe(List<Step> plan) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Step step : plan) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("ref", step.ref().toString());
      Action action = step.action();
      if (action instanceof Action.Create) {
        row.put("action", "create");
      } else if (action instanceof Action.Keep) {
        row.put("action", "keep");
      } else if (action instanceof Action.Configure configure) {
        row.put("action", "configure");
        row.put("changed", configure.changed());
      } else if (action instanceof Action.Reject reject) {
        row.put("action", "reject");
        row.put("reason", reject.reason());
      }
      out.add(row);
    }
    return out;
  }

  private static List<Map<String, Object>> expected(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    return JSON.convertValue(root.get("steps"), new TypeReference<>() {});
  }
}
