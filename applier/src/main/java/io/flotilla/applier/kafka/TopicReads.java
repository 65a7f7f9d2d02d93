package io.flotilla.applier.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading a topic outside any consumer group, as the applier does to rebuild what it knows: the
 * control topic, the sync results, the desired states of partitions it is assigned.
 */
final class TopicReads {
  static final Duration POLL = Duration.ofMillis(500);

  private TopicReads() {}

  /** A consumer of string records that joins no group and commits nothing. */
  static KafkaConsumer<String, String> consumer(String bootstrap, String clientId) {
    return new KafkaConsumer<>(
        props(bootstrap, clientId), new StringDeserializer(), new StringDeserializer());
  }

  /**
   * A {@link #consumer} for following a busy topic where a quarter of a second late does not
   * matter: the broker answers a fetch once 64 KB are there or 250 ms passed, not at every record
   * (which, for every consumer of a topic written 100 times a second, was most of the broker's
   * work).
   */
  static KafkaConsumer<String, String> following(String bootstrap, String clientId) {
    Properties props = props(bootstrap, clientId);
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "250");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static Properties props(String bootstrap, String clientId) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /**
   * Polls {@code c}, assigned {@code upTo}'s partitions, until each partition's position reached
   * its offset there (or {@code stopping}); every record below that offset goes to {@code each}.
   */
  static void readUpTo(
      KafkaConsumer<String, String> c,
      Map<TopicPartition, Long> upTo,
      BooleanSupplier stopping,
      Consumer<ConsumerRecord<String, String>> each) {
    while (!stopping.getAsBoolean()
        && upTo.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
      for (ConsumerRecord<String, String> r : c.poll(POLL)) {
        Long end = upTo.get(new TopicPartition(r.topic(), r.partition()));
        if (end != null && r.offset() < end) {
          each.accept(r);
        }
      }
    }
  }
}
