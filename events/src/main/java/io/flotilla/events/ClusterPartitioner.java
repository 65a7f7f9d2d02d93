package io.flotilla.events;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka partitioner for {@code <cluster>/<app>} keys: hashes only the cluster part (murmur2, like
 * Kafka's default), so every record about one cluster lands in one partition. Applies to a cluster
 * stay ordered; different clusters spread over partitions and so over the consumer group.
 *
 * <p>Configure a producer with {@code partitioner.class=io.flotilla.events.ClusterPartitioner}.
 */
public final class ClusterPartitioner implements Partitioner {

  /** The partition of {@code key} among {@code partitions}; a pure function, usable anywhere. */
  public static int partitionOf(String key, int partitions) {
    byte[] cluster = Keys.clusterOf(key).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(cluster)) % partitions;
  }

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    int partitions = cluster.partitionCountForTopic(topic);
    if (key == null) {
      throw new IllegalArgumentException(
          "records on " + topic + " need a <cluster>/<app> key; this one has none");
    }
    return partitionOf(key.toString(), partitions);
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
