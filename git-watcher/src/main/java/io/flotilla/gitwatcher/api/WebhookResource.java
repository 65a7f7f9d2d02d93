package io.flotilla.gitwatcher.api;

import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.app.Watcher;
import io.flotilla.gitwatcher.webhook.Provider;
import io.flotilla.gitwatcher.webhook.RateLimiter;
import io.flotilla.gitwatcher.webhook.WebhookPayloads;
import io.flotilla.gitwatcher.webhook.WebhookVerifier;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The push strategy: a Git host names repositories, and every watched one among them is checked at
 * once with the poll's own code ({@link Watcher#checkNow}); the payload's SHAs are never used.
 * Refused unless signed with the configured secret. Never logs a secret or a signature.
 */
@Path(WebhookResource.PATH)
public class WebhookResource {
  static final String PATH = "/api/v1/webhooks";
  private static final Logger LOG = Logger.getLogger(WebhookResource.class);

  private final Watcher watcher;
  private final Config config;
  private final RateLimiter limiter;
  private final long maxBytes;

  WebhookResource(
      Watcher watcher,
      Config config,
      @ConfigProperty(name = "flotilla.webhook.max-body-size") MemorySize max,
      @ConfigProperty(name = "flotilla.webhook.rate-limit.per-second") double perSecond,
      @ConfigProperty(name = "flotilla.webhook.rate-limit.burst") int burst) {
    this.watcher = watcher;
    this.config = config;
    this.maxBytes = max.asLongValue();
    this.limiter = new RateLimiter(perSecond, burst, System::nanoTime);
  }

  /** The answer to a call that was verified: which watched repositories are being checked. */
  public record Accepted(boolean accepted, List<String> repos, String message) {}

  @POST
  @Path("{provider}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response receive(
      @PathParam("provider") String providerName,
      @Context HttpHeaders headers,
      @Context HttpServerRequest request,
      InputStream body) {
    Optional<Provider> found = Provider.of(providerName);
    if (found.isEmpty()) {
      return ApiError.response(
          404,
          "unknown-provider",
          "no webhook '" + providerName + "'; use github, gitlab, gitea or generic");
    }
    Provider provider = found.get();
    String source = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    if (!limiter.tryAcquire(source)) {
      long retryAfter = limiter.retryAfterSeconds(source);
      return Response.fromResponse(
              ApiError.response(
                  429,
                  "rate-limited",
                  "too many webhook calls from "
                      + source
                      + "; retry after "
                      + retryAfter
                      + " s; the limit is flotilla.webhook.rate-limit.per-second with a burst of"
                      + " flotilla.webhook.rate-limit.burst"))
          .header("Retry-After", retryAfter)
          .build();
    }
    Optional<String> secret = secret(provider);
    if (secret.isEmpty()) {
      return ApiError.response(
          503,
          "webhook-secret-not-configured",
          "webhooks are refused until a secret is configured: set FLOTILLA_WEBHOOK_SECRET (or "
              + provider.secretVariable()
              + " for "
              + provider.pathName()
              + " only)");
    }
    byte[] raw;
    try {
      raw = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      return ApiError.response(
          400, "unreadable-body", "the webhook body could not be read: " + e.getMessage());
    }
    if (raw.length > maxBytes) {
      ApiError tooLarge = WebhookBodyLimit.tooLarge(maxBytes);
      return ApiError.response(413, tooLarge.error(), tooLarge.message());
    }
    switch (WebhookVerifier.verify(
        provider, raw, headers.getHeaderString(provider.header()), secret.get())) {
      case MISSING -> {
        LOG.warnf(
            "webhook %s from %s refused: no %s header",
            provider.pathName(), source, provider.header());
        return ApiError.response(
            401, "signature-missing", "the " + provider.header() + " header is missing");
      }
      case INVALID -> {
        LOG.warnf(
            "webhook %s from %s refused: bad %s", provider.pathName(), source, provider.header());
        return ApiError.response(
            401,
            "signature-invalid",
            "the "
                + provider.header()
                + " header does not match the body and the configured secret");
      }
      case VALID -> {
        // go on
      }
    }
    List<String> named;
    try {
      named = WebhookPayloads.repoUrls(provider, raw);
    } catch (WebhookPayloads.MalformedPayload e) {
      return ApiError.response(400, "malformed-payload", e.getMessage());
    }
    if (named.isEmpty()) {
      return ApiError.response(
          400, "malformed-payload", "the payload names no repository (" + expected(provider) + ")");
    }
    Set<String> checked = new LinkedHashSet<>();
    named.forEach(url -> checked.addAll(watcher.checkNow(url)));
    List<String> redacted = new ArrayList<>();
    named.forEach(url -> redacted.add(Urls.redact(url)));
    if (checked.isEmpty()) {
      LOG.infof("webhook %s from %s: no app follows %s", provider.pathName(), source, redacted);
      return Response.accepted(
              new Accepted(
                  false, List.of(), "no application follows " + String.join(", ", redacted)))
          .type(MediaType.APPLICATION_JSON)
          .build();
    }
    LOG.infof("webhook %s from %s: checking %s", provider.pathName(), source, checked);
    return Response.accepted(
            new Accepted(true, List.copyOf(checked), "checking " + String.join(", ", checked)))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  private Optional<String> secret(Provider provider) {
    return config
        .getOptionalValue("flotilla.webhook.secret." + provider.pathName(), String.class)
        .or(() -> config.getOptionalValue("flotilla.webhook.secret", String.class))
        .filter(s -> !s.isBlank());
  }

  private static String expected(Provider provider) {
    return switch (provider) {
      case GITHUB, GITEA ->
          "expected repository.clone_url, repository.html_url or" + " repository.ssh_url";
      case GITLAB -> "expected project.git_http_url, project.git_ssh_url or project.web_url";
      case GENERIC -> "expected {\"repoURL\": \"...\"}";
    };
  }
}
