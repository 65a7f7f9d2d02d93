package io.flotilla.gitwatcher;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code flotilla.commits} from the beginning with a group of its own, keeping only the
 * events whose key starts with {@code keyPrefix}: other tests share the broker (and write garbage
 * to it), so a test reads only its own apps.
 */
final class CommitsTail implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final String keyPrefix;
  private final EventCodec codec = new EventCodec();
  private final List<CloudEvent<FlotillaEvent>> seen = new ArrayList<>();

  CommitsTail(String bootstrap, String keyPrefix) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    this.keyPrefix = keyPrefix;
    consumer.subscribe(List.of(Topics.COMMITS));
  }

  /** Polls once more; returns every matching event read so far, in topic order. */
  synchronized List<CloudEvent<FlotillaEvent>> poll() {
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(
            r -> {
              if (r.key() != null && r.key().startsWith(keyPrefix)) {
                seen.add(codec.decode(r.value()));
              }
            });
    return List.copyOf(seen);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
