package io.flotilla.applier.api;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.EventSource;
import io.flotilla.events.AccessDenied;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.fleet.ApiTokenFile;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API tokens file, read again whenever it changed (so tokens can be rotated live), and the
 * record of refusals: each refused request is published as {@link AccessDenied} on {@code
 * flotilla.control} (at most as often as {@link AccessDenied.Throttle#standard()} allows per remote
 * address), never with the token it presented.
 */
@ApplicationScoped
public class TokenFile {
  private final ApiTokenFile file;
  private final String bootstrap;
  private final EventSource source;
  private final Clock clock;
  private final AccessDenied.Throttle throttle = AccessDenied.Throttle.standard();
  private final EventCodec codec = new EventCodec();
  private KafkaProducer<String, String> producer;

  @Inject
  public TokenFile(
      ApplierConfig config,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      EventSource source,
      Clock clock) {
    this.file =
        new ApiTokenFile(
            Path.of(
                config
                    .apiTokens()
                    .orElse(Path.of(config.credentialsDir(), "api-tokens").toString())));
    this.bootstrap = bootstrap;
    this.source = source;
    this.clock = clock;
  }

  /**
   * The identity behind an {@code Authorization} header, if its token is valid.
   *
   * @throws IllegalArgumentException when the file is malformed (names file and line, never a
   *     token)
   */
  public Optional<String> identify(String authorization) {
    return file.identify(authorization);
  }

  /**
   * Records a request refused for want of a valid token: logged, and published as {@link
   * AccessDenied} unless the rate limit for {@code remote} holds it back. Never blocks the request
   * on Kafka; a failed publication is logged.
   */
  public void denied(String method, String path, String remote, String authorization) {
    String reason = AccessDenied.reasonFor(authorization);
    Log.warnf("denied %s %s from %s: %s", method, path, remote, reason);
    OptionalInt admitted = throttle.admit(remote, clock.instant());
    if (admitted.isEmpty()) {
      return;
    }
    AccessDenied event =
        new AccessDenied(
            "applier", method, path, remote, reason, clock.instant(), admitted.getAsInt());
    CloudEvent<AccessDenied> cloudEvent = CloudEvent.of(event, source.uri(), clock);
    producer()
        .send(
            new ProducerRecord<>(Topics.CONTROL, cloudEvent.key(), codec.encode(cloudEvent)),
            (metadata, e) -> {
              if (e != null) {
                Log.warnf("refusal from %s not published to %s: %s", remote, Topics.CONTROL, e);
              }
            });
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "flotilla-applier-access-denied");
      // a request thread never waits long for Kafka: the 401 goes out regardless
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
