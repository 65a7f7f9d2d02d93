package io.flotilla.gitwatcher.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flotilla.events.EventCodec;
import io.flotilla.gitwatcher.app.WatchStateStore;
import io.flotilla.gitwatcher.domain.Announced;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The watch state on the compacted topic {@code flotilla.watch-state}: key = app, value = {@code
 * {app, repoUrl, ref, sha, announcedAt}}. Loading assigns every partition and reads from the
 * beginning to the end offsets taken at start, so it sees every app's latest value (compaction
 * keeps at least that); no consumer group, no committed offsets.
 */
@ApplicationScoped
public class KafkaWatchStateStore implements WatchStateStore {
  private static final Logger LOG = Logger.getLogger(KafkaWatchStateStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrap;
  private final String topic;
  private KafkaProducer<String, String> producer;

  public KafkaWatchStateStore(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "flotilla.watch-state.topic") String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  @Override
  public Map<String, Announced> load() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Announced> state = new HashMap<>();
    try (var consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException(
            "topic " + topic + " does not exist on " + bootstrap + "; create it (compacted)");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " on " + bootstrap + " did not finish within " + TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> apply(state, r));
      }
    }
    LOG.infof("watch state: %d apps remembered in %s", state.size(), topic);
    return state;
  }

  private static void apply(Map<String, Announced> state, ConsumerRecord<String, String> r) {
    if (r.key() == null || r.key().startsWith(KafkaOwnership.CHECK_PREFIX)) {
      return; // a check forwarded between watchers (see KafkaOwnership), not an app's state
    }
    if (r.value() == null) {
      state.remove(r.key());
      return;
    }
    try {
      Value v = EventCodec.mapper().readValue(r.value(), Value.class);
      state.put(r.key(), new Announced(v.app(), v.repoUrl(), v.ref(), v.sha(), v.announcedAt()));
    } catch (JsonProcessingException e) {
      LOG.warnf(
          "watch state: ignoring unreadable value for app %s at %s-%d@%d: %s",
          r.key(), r.topic(), r.partition(), r.offset(), e.getOriginalMessage());
    }
  }

  @Override
  public void save(Announced announced) {
    saveAll(List.of(announced));
  }

  /** Sends every value, then waits for each acknowledgement (up to 30 s each). */
  @Override
  public void saveAll(List<Announced> announced) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(announced.size());
    for (Announced a : announced) {
      Value v = new Value(a.app(), a.repoUrl(), a.ref(), a.sha(), a.announcedAt());
      try {
        String json = EventCodec.mapper().writeValueAsString(v);
        acks.add(producer().send(new ProducerRecord<>(topic, a.app(), json)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "cannot write the watch state of " + a.app() + " to " + topic, e);
      }
    }
    for (int i = 0; i < acks.size(); i++) {
      try {
        acks.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "cannot write the watch state of " + announced.get(i).app() + " to " + topic, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted writing to " + topic, e);
      }
    }
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  @PreDestroy
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }

  /** The JSON value; its field names are the topic's contract. */
  record Value(String app, String repoUrl, String ref, String sha, Instant announcedAt) {}
}
