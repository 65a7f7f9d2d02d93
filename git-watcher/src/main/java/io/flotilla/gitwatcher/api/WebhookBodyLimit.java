package io.flotilla.gitwatcher.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.flotilla.events.EventCodec;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a webhook whose declared {@code Content-Length} is over {@code
 * flotilla.webhook.max-body-size} with a JSON 413, before any of the body is read. Runs ahead of
 * Quarkus' own {@code quarkus.http.limits.max-body-size} check (route order -2), whose 413 has no
 * JSON body. A body sent without a length is cut off by {@link WebhookResource} instead.
 */
@ApplicationScoped
public class WebhookBodyLimit {
  private final long maxBytes;

  WebhookBodyLimit(@ConfigProperty(name = "flotilla.webhook.max-body-size") MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route(WebhookResource.PATH + "/*")
        .order(-3)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length != null && declaredOver(length)) {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(tooLargeJson(maxBytes));
                return;
              }
              ctx.next();
            });
  }

  private boolean declaredOver(String length) {
    try {
      return Long.parseLong(length.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // a bad header is Vert.x' business; the read limit still applies
    }
  }

  static ApiError tooLarge(long maxBytes) {
    return new ApiError(
        "payload-too-large",
        "the webhook body is over "
            + maxBytes
            + " bytes (flotilla.webhook.max-body-size); send a smaller payload");
  }

  private static String tooLargeJson(long maxBytes) {
    try {
      return EventCodec.mapper().writeValueAsString(tooLarge(maxBytes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error as JSON", e);
    }
  }
}
