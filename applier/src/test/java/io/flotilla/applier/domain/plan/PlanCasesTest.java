package io.flotilla.applier.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.pair.Pairing;
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
 * Table-driven: each folder under {@code src/test/resources/cases/plan/} holds the desired objects
 * of app {@code guestbook} (destination namespace {@code guestbook}), what the cluster holds
 * ({@code live.yaml}), optionally {@code options.json} ({@code prune}, {@code allowEmpty}, {@code
 * inventory}: the refs the app owned), and the plan expected ({@code expected-plan.json}: the
 * changes in order, then the unchanged objects in order): prepare → pair → diff → plan, all pure.
 */
class PlanCasesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(PlanCasesTest.class.getResource("/cases/plan").toURI());
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
    Path dir = Path.of(PlanCasesTest.class.getResource("/cases/plan/" + name).toURI());
    List<Map<String, Object>> desired = documents(dir.resolve("desired.yaml"));
    List<Map<String, Object>> live = documents(dir.resolve("live.yaml"));
    JsonNode options =
        Files.exists(dir.resolve("options.json"))
            ? JSON.readTree(dir.resolve("options.json").toFile())
            : JSON.createObjectNode();
    List<ObjectRef> inventory = new ArrayList<>();
    options.path("inventory").forEach(r -> inventory.add(parse(r.asText())));
    PlanPolicy policy =
        new PlanPolicy(options.path("prune").asBoolean(), options.path("allowEmpty").asBoolean());

    List<DesiredObject> objects = DesiredObjects.prepare("guestbook", "guestbook", desired);
    List<Step> plan =
        Plan.plan(Pairing.pair(objects, liveByRef(objects, inventory, live), inventory), policy);

    JsonNode expected = JSON.readTree(dir.resolve("expected-plan.json").toFile());
    assertThat(describe(Plan.changes(plan)))
        .as("plan")
        .isEqualTo(JSON.convertValue(expected.get("plan"), new TypeReference<>() {}));
    assertThat(
            plan.stream()
                .filter(s -> s.action() instanceof Action.Keep)
                .map(s -> s.ref().toString())
                .toList())
        .as("unchanged")
        .isEqualTo(JSON.convertValue(expected.get("unchanged"), new TypeReference<>() {}));
  }

  /** {@code apiVersion Kind namespace/name} or {@code apiVersion Kind name}. */
  private static ObjectRef parse(String ref) {
    String[] f = ref.split(" ");
    int slash = f[2].indexOf('/');
    return slash < 0
        ? new ObjectRef(f[0], f[1], null, f[2])
        : new ObjectRef(f[0], f[1], f[2].substring(0, slash), f[2].substring(slash + 1));
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

  /** Every desired and inventory object is absent unless the live file has it. */
  private static Map<ObjectRef, Live> liveByRef(
      List<DesiredObject> objects, List<ObjectRef> inventory, List<Map<String, Object>> live) {
    Map<ObjectRef, Live> out = new HashMap<>();
    objects.stream().filter(DesiredObject::valid).forEach(o -> out.put(o.ref(), Live.ABSENT));
    inventory.forEach(r -> out.put(r, Live.ABSENT));
    for (Map<String, Object> object : live) {
      out.put(ObjectRef.of(object), new Live.Present(object));
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
      } else if (action instanceof Action.Configure configure) {
        row.put("action", "configure");
        row.put("changed", configure.changed());
      } else if (action instanceof Action.Reject reject) {
        row.put("action", "reject");
        row.put("reason", reject.reason());
      } else if (action instanceof Action.Prune) {
        row.put("action", "prune");
      } else if (action instanceof Action.Retain retain) {
        row.put("action", "retain");
        row.put("reason", retain.reason());
      }
      out.add(row);
    }
    return out;
  }
}
