package io.flotilla.applier.app;

import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Person;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The guestbook bundle the use-case tests sync: Namespace, ConfigMap, Deployment, Service. */
public final class Bundles {
  public static final String REVISION_1 = "1".repeat(40);
  public static final String REVISION_2 = "2".repeat(40);

  private Bundles() {}

  public static DesiredState guestbook(String cluster, String revision, int replicas) {
    List<Map<String, Object>> resources =
        List.of(
            object("v1", "Namespace", "guestbook", null, Map.of()),
            object(
                "v1",
                "ConfigMap",
                "settings",
                "guestbook",
                Map.of("data", Map.of("GREETING", "hi"))),
            object(
                "apps/v1",
                "Deployment",
                "web",
                null,
                Map.of(
                    "spec",
                    Map.of(
                        "replicas",
                        replicas,
                        "selector",
                        Map.of("matchLabels", Map.of("app", "web")),
                        "template",
                        Map.of(
                            "metadata",
                            Map.of("labels", Map.of("app", "web")),
                            "spec",
                            Map.of(
                                "containers",
                                List.of(Map.of("name", "web", "image", "nginx:1.27"))))))),
            object(
                "v1",
                "Service",
                "web",
                null,
                Map.of("spec", Map.of("ports", List.of(Map.of("port", 80))))));
    return new DesiredState(
        "guestbook",
        cluster,
        revision,
        "guestbook",
        resources,
        EventCodec.sha256(EventCodec.canonical(resources)),
        new Person("Alice Example", "alice@example.com"));
  }

  static Map<String, Object> object(
      String apiVersion, String kind, String name, String namespace, Map<String, Object> body) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", metadata);
    object.putAll(body);
    return object;
  }
}
