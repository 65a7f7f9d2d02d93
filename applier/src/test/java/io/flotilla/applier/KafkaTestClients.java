package io.flotilla.applier;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.ClusterPartitioner;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FlotillaEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Plain Kafka clients for the component test: what the renderer and a downstream reader do. */
final class KafkaTestClients {
  private static final EventCodec CODEC = new EventCodec();

  private KafkaTestClients() {}

  static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ApplierTestEnvironment.BOOTSTRAP,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.PARTITIONER_CLASS_CONFIG,
            ClusterPartitioner.class.getName()),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Sends {@code value} keyed {@code key} and waits for the broker's acknowledgement. */
  static void send(KafkaProducer<String, String> producer, String topic, String key, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  static String envelope(FlotillaEvent event) {
    return CODEC.encode(
        CloudEvent.of(event, CloudEvent.source("renderer", "test"), Clock.systemUTC()));
  }

  /**
   * Reads a topic from its end at creation: every partition assigned (no group rebalance to wait
   * for), so what arrives afterwards is seen whatever partition it lands in.
   */
  static final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();

    TopicTail(String topic) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  ApplierTestEnvironment.BOOTSTRAP,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "applier-test-tail-" + UUID.randomUUID(),
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  "false"),
              new StringDeserializer(),
              new StringDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end offsets now, before any send
    }

    /** Polls until a record matching {@code wanted} arrived; returns it. */
    ConsumerRecord<String, String> waitFor(Predicate<ConsumerRecord<String, String>> wanted) {
      return Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().filter(wanted).findFirst().orElse(null);
              },
              r -> r != null);
    }

    /** Polls until a record matching {@code wanted} arrived; returns it and forgets it. */
    ConsumerRecord<String, String> take(Predicate<ConsumerRecord<String, String>> wanted) {
      ConsumerRecord<String, String> found = waitFor(wanted);
      seen.remove(found);
      return found;
    }

    /** Everything seen so far, after one more second of polling. */
    List<ConsumerRecord<String, String>> drain() {
      consumer.poll(Duration.ofSeconds(1)).forEach(seen::add);
      return List.copyOf(seen);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** The record's event if it is of {@code type}. */
  static <T extends FlotillaEvent> java.util.Optional<T> event(
      ConsumerRecord<String, String> record, Class<T> type) {
    FlotillaEvent data = CODEC.decode(record.value()).data();
    return type.isInstance(data)
        ? java.util.Optional.of(type.cast(data))
        : java.util.Optional.empty();
  }

  @SuppressWarnings("unchecked")
  static <T extends FlotillaEvent> T data(ConsumerRecord<String, String> record) {
    return (T) CODEC.decode(record.value()).data();
  }
}
