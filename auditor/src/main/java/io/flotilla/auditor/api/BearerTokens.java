package io.flotilla.auditor.api;

import io.flotilla.events.AccessDenied;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Topics;
import io.flotilla.fleet.ApiTokenFile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The audit and history endpoints answer only requests with a bearer token from the API tokens file
 * ({@code FLOTILLA_API_TOKENS}): the audit log says who deployed what, which is not for everyone.
 * Health and metrics stay open. A refused request is answered 401, logged with its path and source
 * address, and published as {@link AccessDenied} on {@code flotilla.control} (at most as often as
 * {@link AccessDenied.Throttle#standard()} allows per address) — never with the token it presented.
 */
@ApplicationScoped
public class BearerTokens {
  private static final Logger LOG = Logger.getLogger(BearerTokens.class);

  private final ApiTokenFile tokens;
  private final String bootstrap;
  private final Clock clock = Clock.systemUTC();
  private final AccessDenied.Throttle throttle = AccessDenied.Throttle.standard();
  private final EventCodec codec = new EventCodec();
  private KafkaProducer<String, String> producer;

  BearerTokens(
      @ConfigProperty(name = "flotilla.api-tokens") Path file,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    this.tokens = new ApiTokenFile(file);
    this.bootstrap = bootstrap;
  }

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/v1/audit") && !path.startsWith("/api/v1/history")) {
      return Optional.empty();
    }
    Optional<String> identity;
    try {
      identity = tokens.identify(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    } catch (IllegalArgumentException e) {
      LOG.errorf("API tokens file unusable: %s", e.getMessage());
      return Optional.of(
          error(
              Response.Status.SERVICE_UNAVAILABLE,
              "tokens_unavailable",
              "the API tokens file is malformed; see the auditor's log"));
    }
    if (identity.isPresent()) {
      return Optional.empty();
    }
    denied(
        request.getMethod(),
        path,
        http.remoteAddress() == null ? "unknown" : http.remoteAddress().host(),
        AccessDenied.reasonFor(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    return Optional.of(
        error(
            Response.Status.UNAUTHORIZED,
            "unauthorized",
            "send 'Authorization: Bearer <token>' with a token from the API tokens file ("
                + tokens.path()
                + ")"));
  }

  /** Logs a refusal and publishes it unless the rate limit for its address holds it back. */
  private void denied(String method, String path, String remote, String reason) {
    LOG.warnf("denied %s %s from %s: %s", method, path, remote, reason);
    OptionalInt admitted = throttle.admit(remote, clock.instant());
    if (admitted.isEmpty()) {
      return;
    }
    CloudEvent<AccessDenied> event =
        CloudEvent.of(
            new AccessDenied(
                "auditor", method, path, remote, reason, clock.instant(), admitted.getAsInt()),
            "/flotilla/auditor/" + host(),
            clock);
    producer()
        .send(
            new ProducerRecord<>(Topics.CONTROL, event.key(), codec.encode(event)),
            (metadata, e) -> {
              if (e != null) {
                LOG.warnf("refusal from %s not published to %s: %s", remote, Topics.CONTROL, e);
              }
            });
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "flotilla-auditor-access-denied");
      // the 401 never waits long for Kafka
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
      producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  @PreDestroy
  synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private static Response error(Response.Status status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .entity(new ApiError(code, message, null))
        .build();
  }
}
