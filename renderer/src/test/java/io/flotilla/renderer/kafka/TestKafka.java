package io.flotilla.renderer.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients against the test broker. The renderer under test consumes with its own
 * consumer group, started at the current end of {@code flotilla.commits}, so it sees only the
 * records this test writes; "processed" means the group committed past a record, which the renderer
 * does only after every event it produced for it was acknowledged.
 */
public final class TestKafka implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final String bootstrap;
  private final String group;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  TestKafka(String bootstrap, String group) {
    this.bootstrap = bootstrap;
    this.group = group;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  String group() {
    return group;
  }

  /** Creates the topics that do not exist yet (a shared broker may already have them). */
  void createTopics(Map<String, Integer> partitions)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing =
        partitions.entrySet().stream()
            .filter(e -> !existing.contains(e.getKey()))
            .map(e -> new NewTopic(e.getKey(), Optional.of(e.getValue()), Optional.empty()))
            .toList();
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get();
    }
  }

  /** Commits the renderer's group at the current end of {@code topic}, before the app starts. */
  void startGroupAtEnd(String topic) throws ExecutionException, InterruptedException {
    startGroupAtEnd(group, topic);
  }

  /** The renderer's group reading {@code flotilla.control}. */
  String controlGroup() {
    return group + "-control";
  }

  void startGroupAtEnd(String group, String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        endOffsets(topic).entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
    admin.alterConsumerGroupOffsets(group, offsets).all().get();
  }

  int partitions(String topic) throws ExecutionException, InterruptedException {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .size();
  }

  Map<TopicPartition, Long> endOffsets(String topic)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
            .collect(
                Collectors.toMap(
                    p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  RecordMetadata send(String topic, String key, String value)
      throws ExecutionException, InterruptedException {
    return producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Waits until the renderer's group has committed past {@code record}. */
  void awaitProcessed(RecordMetadata record) {
    awaitProcessed(group, record);
  }

  void awaitProcessed(String group, RecordMetadata record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    await("renderer commits offset " + (record.offset() + 1) + " of " + tp)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              OffsetAndMetadata committed =
                  admin
                      .listConsumerGroupOffsets(group)
                      .partitionsToOffsetAndMetadata()
                      .get()
                      .get(tp);
              return committed != null && committed.offset() > record.offset();
            });
  }

  /** Every record of {@code topic} from {@code from} up to the topic's current end. */
  List<ConsumerRecord<String, String>> read(String topic, Map<TopicPartition, Long> from)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, Long> to = endOffsets(topic);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(to.keySet());
      to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      await("read " + topic + " up to " + to)
          .atMost(PATIENCE)
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return to.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
              });
    }
    return out;
  }

  /** Removes this run's consumer group (the renderer has stopped by now) and the clients. */
  @Override
  public void close() {
    producer.close();
    try {
      admin.deleteConsumerGroups(List.of(group)).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deleting consumer group " + group, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot delete consumer group " + group, e.getCause());
    } finally {
      admin.close();
    }
  }
}
