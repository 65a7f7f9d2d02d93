package io.flotilla.auditor.api;

import io.flotilla.fleet.ApiTokenFile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The audit and history endpoints answer only requests with a bearer token from the API tokens file
 * ({@code FLOTILLA_API_TOKENS}): the audit log says who deployed what, which is not for everyone.
 * Health and metrics stay open. A refused request is answered 401 and logged with its path and
 * source address (never the token it presented).
 */
@ApplicationScoped
public class BearerTokens {
  private static final Logger LOG = Logger.getLogger(BearerTokens.class);

  private final ApiTokenFile tokens;

  BearerTokens(@ConfigProperty(name = "flotilla.api-tokens") Path file) {
    this.tokens = new ApiTokenFile(file);
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
    LOG.warnf(
        "denied %s %s from %s: %s",
        request.getMethod(),
        path,
        http.remoteAddress(),
        request.getHeaderString(HttpHeaders.AUTHORIZATION) == null
            ? "no bearer token"
            : "unknown token");
    return Optional.of(
        error(
            Response.Status.UNAUTHORIZED,
            "unauthorized",
            "send 'Authorization: Bearer <token>' with a token from the API tokens file ("
                + tokens.path()
                + ")"));
  }

  private static Response error(Response.Status status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .entity(new ApiError(code, message, null))
        .build();
  }
}
