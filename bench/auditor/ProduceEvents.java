// Produces a realistic mix of Flotilla events for the auditor ingest benchmark: per revision one
// CommitDetected, one DesiredState per cluster (the same 6-object bundle, with a Secret) and one
// SyncCompleted per cluster. Run with the auditor's runtime classpath (see ingest.sh):
//   java -cp "$CP" bench/auditor/ProduceEvents.java <bootstrap> <events> [clusters]
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Person;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.SyncCompleted;
import io.flotilla.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class ProduceEvents {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int events = Integer.parseInt(args[1]);
    int clusters = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("acks", "all");
    p.put("linger.ms", "20");
    EventCodec codec = new EventCodec();
    Person alice = new Person("Alice Example", "alice@example.com");
    Instant t = Instant.parse("2026-11-26T10:00:00Z");
    int sent = 0;
    long bytes = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int rev = 0; sent < events; rev++) {
        String app = "bench-app-" + (rev % 20);
        String sha = String.format("%040x", rev);
        List<CloudEvent<?>> batch = new ArrayList<>();
        batch.add(
            event("git-watcher", "io.flotilla.commit.detected.v1", app, t,
                new CommitDetected(app, "file:///srv/git/apps.git", "main", sha, null, alice,
                    alice, "change " + rev + "\n\nlonger description of the change", t)));
        List<Map<String, Object>> resources = resources(app, rev % 50);
        for (int c = 1; c <= clusters; c++) {
          String cluster = "prod-" + c;
          batch.add(
              event("renderer", "io.flotilla.desiredstate.rendered.v1", app + "/" + cluster, t,
                  new DesiredState(app, cluster, sha, app, resources, "ab".repeat(32), alice)));
          List<ResourceResult> results = new ArrayList<>();
          for (Map<String, Object> r : resources) {
            results.add(new ResourceResult((String) r.get("apiVersion"), (String) r.get("kind"),
                app, app + "-" + r.get("kind"), ResourceResult.Outcome.CONFIGURED, ""));
          }
          batch.add(
              event("applier", "io.flotilla.sync.completed.v1", app + "/" + cluster, t,
                  new SyncCompleted(app, cluster, sha, "ab".repeat(32),
                      SyncCompleted.Status.SYNCED, results, 2, t, t, alice)));
        }
        for (CloudEvent<?> e : batch) {
          if (sent == events) {
            break;
          }
          String topic = e.eventType().topic();
          String value = codec.encode(e);
          bytes += value.length();
          producer.send(new ProducerRecord<>(topic, e.key(), value));
          sent++;
        }
      }
      producer.flush();
    }
    System.out.printf("produced %d events, %d bytes on average%n", sent, bytes / Math.max(1, sent));
  }

  private static <T extends io.flotilla.events.FlotillaEvent> CloudEvent<T> event(
      String service, String type, String subject, Instant t, T data) {
    return new CloudEvent<>(UUID.randomUUID().toString(), "/flotilla/" + service + "/bench", type,
        subject, t, data);
  }

  private static List<Map<String, Object>> resources(String app, int variant) {
    Map<String, Object> meta = Map.of("name", app + "-x", "namespace", app);
    return List.of(
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", app)),
        Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", meta,
            "data", Map.of("variant", Integer.toString(variant), "greeting", "hello world")),
        Map.of("apiVersion", "v1", "kind", "Secret", "metadata", meta,
            "stringData", Map.of("password", "bench-secret-" + variant)),
        Map.of("apiVersion", "v1", "kind", "Service", "metadata", meta,
            "spec", Map.of("ports", List.of(Map.of("port", 80, "targetPort", 8080)))),
        Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", meta),
        Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", meta,
            "spec", Map.of("replicas", 3, "template", Map.of("spec", Map.of("containers",
                List.of(Map.of("name", "web", "image", "nginx:1.27." + variant)))))));
  }
}
