package io.flotilla.applier.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.applier.app.FleetRefresher;
import io.flotilla.applier.kafka.ControlPublisher;
import io.flotilla.events.ControlEvent;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.ResumeRequested;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncRequested;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v1/control/{pause,resume,sync,rollback}} with a JSON body {@code {app?,
 * cluster?, all?, toRevision?, reason, prune?, force?}} and a bearer token from {@code
 * FLOTILLA_API_TOKENS}: publishes the control event (requestedBy = the token's identity) and
 * answers 202 with its id once Kafka acknowledged it. 401 without a valid token, 400 for a body
 * that is not a valid command, 404 for another action; errors are JSON {@code {error, message}}.
 */
@Path("/api/v1/control")
public class ControlResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject TokenFile tokens;
  @Inject ControlPublisher publisher;
  @Inject FleetRefresher fleet;
  @Inject Clock clock;

  @POST
  @Path("/{action}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public CompletionStage<Response> control(
      @PathParam("action") String action,
      @HeaderParam("Authorization") String authorization,
      @Context HttpServerRequest http,
      String body) {
    Optional<String> identity;
    try {
      identity = tokens.identify(authorization);
    } catch (IllegalArgumentException e) {
      Log.errorf("control API refused: %s", e.getMessage());
      return done(error(503, "tokens_unreadable", "the API tokens file cannot be used"));
    }
    if (identity.isEmpty()) {
      tokens.denied("POST", "/api/v1/control/" + action, remoteHost(http), authorization);
      return done(
          error(
              401,
              "unauthorized",
              "a valid API token is required: Authorization: Bearer <token> (FLOTILLA_API_TOKENS)"));
    }
    if (!java.util.Set.of("pause", "resume", "sync", "rollback").contains(action)) {
      return done(
          error(
              404,
              "not_found",
              "no control action '" + action + "'; use pause, resume, sync or rollback"));
    }
    ControlEvent event;
    try {
      event = parse(action, body, identity.get());
    } catch (IllegalArgumentException e) {
      return done(error(400, "bad_request", e.getMessage()));
    }
    return publisher
        .publish(event)
        .thenApply(
            published -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("id", published.id());
              out.put("type", published.type());
              out.put("subject", published.subject());
              out.put("requestedBy", event.requestedBy());
              return Response.accepted(out).type(MediaType.APPLICATION_JSON).build();
            })
        .exceptionally(
            e -> {
              Log.errorf("control event not published: %s", e.toString());
              return error(503, "unavailable", "the control event could not be published to Kafka");
            });
  }

  private ControlEvent parse(String action, String body, String identity) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the body is not JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    String app = text(json, "app");
    String cluster = text(json, "cluster");
    boolean all = bool(json, "all");
    String reason = text(json, "reason");
    if (reason == null) {
      throw new IllegalArgumentException("'reason' is required: say why, it goes to the audit log");
    }
    if (app != null && !fleet.knowsApp(app)) {
      throw new IllegalArgumentException("no application '" + app + "' in the fleet");
    }
    if (cluster != null && !fleet.knowsCluster(cluster)) {
      throw new IllegalArgumentException("no cluster '" + cluster + "' in the fleet");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return switch (action) {
      case "pause" -> new PauseRequested(app, cluster, all, reason, identity, now);
      case "resume" -> new ResumeRequested(app, cluster, all, reason, identity, now);
      case "sync" -> {
        if (app == null) {
          throw new IllegalArgumentException("'app' is required for sync");
        }
        yield new SyncRequested(
            app, cluster, bool(json, "prune"), bool(json, "force"), reason, identity, now);
      }
      default -> {
        String to = text(json, "toRevision");
        if (app == null || to == null) {
          throw new IllegalArgumentException("'app' and 'toRevision' are required for rollback");
        }
        if (!to.matches("[0-9a-f]{40}")) {
          throw new IllegalArgumentException(
              "'toRevision' must be a full 40-character commit SHA, was '" + to + "'");
        }
        yield new RollbackRequested(app, cluster, to, false, reason, identity, now);
      }
    };
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return node.asText().isBlank() ? null : node.asText().strip();
  }

  private static boolean bool(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new IllegalArgumentException("'" + field + "' must be true or false");
    }
    return node.asBoolean();
  }

  /** The client's host (no port: the rate limit of refusals is per host). */
  private static String remoteHost(HttpServerRequest http) {
    return http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
  }

  private static CompletionStage<Response> done(Response response) {
    return CompletableFuture.completedFuture(response);
  }

  private static Response error(int status, String error, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(error, message))
        .build();
  }
}
