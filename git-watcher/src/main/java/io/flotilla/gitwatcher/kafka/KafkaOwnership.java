package io.flotilla.gitwatcher.kafka;

import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.app.Ownership;
import io.flotilla.gitwatcher.webhook.RepoUrls;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Shares the repositories among watcher instances with a Kafka consumer group on {@code
 * flotilla.watch-state}: an instance owns the repositories whose share (murmur2 of the normalised
 * URL, modulo the topic's partition count) is a partition the group assigned to it. The broker's
 * rebalance protocol revokes a partition from its old owner before giving it to the new one, and
 * the old owner's revoke waits for its running checks, so two instances never check one repository
 * at once. A forwarded webhook is a record {@code check:<repo>} written to that repository's
 * partition, which only its owner reads.
 */
@ApplicationScoped
public class KafkaOwnership implements Ownership {
  private static final Logger LOG = Logger.getLogger(KafkaOwnership.class);
  static final String CHECK_PREFIX = "check:";

  private final String bootstrap;
  private final String topic;
  private final String group;
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  private volatile int partitions;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running;
  private KafkaProducer<String, String> producer;
  private Thread thread;

  public KafkaOwnership(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      @ConfigProperty(name = "flotilla.watch-state.topic") String topic,
      @ConfigProperty(name = "flotilla.watch.group") String group) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
  }

  @Override
  public boolean owns(String repoUrl) {
    int n = partitions;
    return n > 0 && owned.contains(share(repoUrl, n));
  }

  /** The shares (partitions of the watch-state topic) this instance owns now. */
  public Set<Integer> shares() {
    return Set.copyOf(owned);
  }

  /** The share (partition) of a repository among {@code n}. */
  static int share(String repoUrl, int n) {
    byte[] key = RepoUrls.normalise(Urls.redact(repoUrl)).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % n;
  }

  /**
   * Works before this instance has joined the group too: the record waits in the partition for
   * whichever instance owns it (a group reads from its committed offsets, a new group from the
   * start of the compacted topic, where at most one check per repository is kept).
   */
  @Override
  public void forward(String repoUrl) {
    int n = partitions > 0 ? partitions : producer().partitionsFor(topic).size();
    String url = Urls.redact(repoUrl);
    try {
      producer()
          .send(new ProducerRecord<>(topic, share(repoUrl, n), CHECK_PREFIX + url, url))
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot forward the check of " + url + " to its owner", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted forwarding the check of " + url, e);
    }
  }

  @Override
  public synchronized void start(Listener listener) {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(() -> run(listener), "watch-ownership");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Listener listener) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    while (running) {
      try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
        consumer = c;
        partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).size();
        c.subscribe(List.of(topic), rebalance(listener));
        while (running) {
          for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
            if (r.key() != null
                && r.key().startsWith(CHECK_PREFIX)
                && owned.contains(r.partition())) {
              listener.checkRequested(r.value());
            }
          }
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        LOG.errorf("watcher group %s: %s; this instance owns nothing until it rejoins", group, e);
        revokeAll(listener);
        sleep();
      }
    }
    revokeAll(listener);
  }

  private ConsumerRebalanceListener rebalance(Listener listener) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        List<Integer> shares = revoked.stream().map(TopicPartition::partition).toList();
        owned.removeAll(shares);
        listener.revoked(shares);
        if (!shares.isEmpty()) {
          LOG.infof("watcher group %s: gave up shares %s, owns %s", group, shares, owned);
        }
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> lost) {
        onPartitionsRevoked(lost);
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        List<Integer> shares = assigned.stream().map(TopicPartition::partition).toList();
        if (!shares.isEmpty()) {
          listener.assigned(shares);
          owned.addAll(shares);
          LOG.infof("watcher group %s: took shares %s, owns %s", group, shares, owned);
        }
      }
    };
  }

  private void revokeAll(Listener listener) {
    List<Integer> all = List.copyOf(owned);
    owned.clear();
    listener.revoked(all);
  }

  private static void sleep() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  void stop(@Observes ShutdownEvent event) {
    close();
  }

  /** Leaves the group (its shares go to the other instances at once) and stops. */
  public synchronized void close() {
    running = false;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
