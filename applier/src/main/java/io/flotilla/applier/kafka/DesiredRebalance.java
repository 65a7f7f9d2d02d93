package io.flotilla.applier.kafka;

import io.flotilla.applier.app.FleetInForce;
import io.flotilla.applier.domain.balance.PartitionBalance;
import io.flotilla.events.Topics;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * Asks the applier group to rebalance {@code flotilla.desired} when the fleet in force changed the
 * weight of a partition (apps or clusters added, removed or retargeted): {@link
 * ClusterBalancedAssignor} then splits the partitions by the new pairs. Without it the split made
 * when the instances joined (often before the fleet had any app) would stay until one joins or
 * leaves. Every instance asks once it sees the change; the group leader's view is what counts, and
 * it asks too once it has read the new fleet.
 */
@ApplicationScoped
public class DesiredRebalance {
  static final String CHANNEL = "desired";

  @Inject KafkaClientService kafka;

  void onFleetChange(@Observes FleetInForce change) {
    var consumer = kafka.<String, String>getConsumer(CHANNEL);
    if (consumer == null) {
      return; // not connected yet: the first join uses the fleet in force then
    }
    consumer
        .runOnPollingThread(
            c -> {
              int partitions = c.partitionsFor(Topics.DESIRED).size();
              if (Arrays.equals(
                  PartitionBalance.weights(change.previous(), partitions),
                  PartitionBalance.weights(change.current(), partitions))) {
                return false;
              }
              c.enforceRebalance("fleet revision " + change.current().revision());
              return true;
            })
        .subscribe()
        .with(
            asked -> {
              if (asked) {
                Log.infof(
                    "fleet revision %s moves work between partitions of %s: rebalancing",
                    change.current().revision(), Topics.DESIRED);
              }
            },
            failure ->
                Log.warnf(
                    "cannot rebalance %s after fleet revision %s: %s (the split stays until an"
                        + " instance joins or leaves)",
                    Topics.DESIRED, change.current().revision(), failure.getMessage()));
  }
}
