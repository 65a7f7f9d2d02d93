package io.flotilla.auditor;

import io.flotilla.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Points the auditor at an external Kafka broker ({@code KAFKA_BOOTSTRAP}, default {@code
 * 127.0.0.1:19092}; no Docker here) and creates the topics it reads and writes before it starts, as
 * the platform's scripts do: the broker may have topic auto-creation off.
 */
public class KafkaTopicsResource implements QuarkusTestResourceLifecycleManager {
  private static final int PARTITIONS = 2;

  static String bootstrap() {
    return System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:19092");
  }

  @Override
  public Map<String, String> start() {
    String bootstrap = bootstrap();
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      List<String> wanted = new ArrayList<>(Topics.AUDITED);
      wanted.add(Topics.DEAD_LETTER);
      for (String topic : wanted) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, PARTITIONS, (short) 1));
        }
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create the auditor's topics on Kafka at " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    }
    return Map.of("kafka.bootstrap.servers", bootstrap);
  }

  @Override
  public void stop() {
    // the topics belong to the broker; other modules' tests use them too
  }
}
