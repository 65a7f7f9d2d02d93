package io.flotilla.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The applier's and the auditor's REST APIs over {@link HttpClient}: JSON in, {@link JsonNode} out
 * (unknown fields are simply carried along). Every failure becomes a {@link CliException} that says
 * which server, at which URL, what happened and what to check. The token is sent as {@code
 * Authorization: Bearer …} and never appears in a message.
 */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Which Flotilla service a call goes to. */
  public enum Service {
    APPLIER("applier", "--server", "FLOTILLA_SERVER", "server"),
    AUDITOR("auditor", "--audit-server", "FLOTILLA_AUDIT_SERVER", "auditServer");

    final String label;
    final String flag;
    final String env;
    final String configKey;

    Service(String label, String flag, String env, String configKey) {
      this.label = label;
      this.flag = flag;
      this.env = env;
      this.configKey = configKey;
    }
  }

  /** A response: its body and the headers the CLI uses. */
  public record Response(JsonNode body, Optional<String> nextCursor) {}

  private final Settings settings;
  private final HttpClient http;
  private final Duration timeout;

  public ApiClient(Settings settings, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  public Settings settings() {
    return settings;
  }

  public JsonNode get(Service service, String path, Map<String, String> query) {
    return call(service, "GET", path, query, null).body();
  }

  public Response getPage(Service service, String path, Map<String, String> query) {
    return call(service, "GET", path, query, null);
  }

  public JsonNode post(Service service, String path, Map<String, Object> body) {
    try {
      return call(service, "POST", path, Map.of(), JSON.writeValueAsString(body)).body();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  /** The base URL of {@code service}. */
  public String base(Service service) {
    return service == Service.APPLIER ? settings.server() : settings.auditServer();
  }

  private Response call(
      Service service, String method, String path, Map<String, String> query, String body) {
    String url = base(service) + path + queryString(query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", "flotilla-cli");
    if (settings.token() != null) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable(service, why(e));
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.UNAVAILABLE,
          "the "
              + service.label
              + " at "
              + base(service)
              + " did not answer "
              + method
              + " "
              + path
              + " within "
              + timeout.toSeconds()
              + "s; check its log and health (/q/health)");
    } catch (IOException e) {
      throw unreachable(service, why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.UNAVAILABLE, "interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Response(
          parse(service, response.body(), url), response.headers().firstValue("X-Next-Cursor"));
    }
    throw failure(service, status, response.body());
  }

  private CliException unreachable(Service service, String reason) {
    String source =
        service == Service.APPLIER ? settings.serverSource() : settings.auditServerSource();
    return new CliException(
        ExitCodes.UNAVAILABLE,
        "cannot reach the "
            + service.label
            + " at "
            + base(service)
            + " ("
            + reason
            + ").\n"
            + "  Is it running? Locally, `make status` shows what runs and `make up` starts it.\n"
            + "  The URL came from "
            + source
            + "; to use another, pass "
            + service.flag
            + ", set "
            + service.env
            + ", or put '"
            + service.configKey
            + ": <url>' in ~/.config/flotilla/config.yaml.");
  }

  private CliException failure(Service service, int status, String body) {
    String message = serverMessage(body);
    String who = "the " + service.label + " at " + base(service);
    if (status == 401 || status == 403) {
      String what =
          settings.token() == null
              ? who + " requires an API token and none was given (" + status + ")."
              : who
                  + " refused the token from "
                  + settings.tokenSource()
                  + " ("
                  + status
                  + (message.isEmpty() ? "" : ": " + message)
                  + ").";
      return new CliException(
          ExitCodes.AUTH,
          what
              + "\n  Pass --token, set FLOTILLA_TOKEN, or put 'token: <token>' (or 'tokenFile:"
              + " <file>') in ~/.config/flotilla/config.yaml.\n"
              + "  Tokens are the first field of each line of the API tokens file"
              + " (FLOTILLA_API_TOKENS); `make up` creates .flotilla/credentials/api-tokens:\n"
              + "    export FLOTILLA_TOKEN=$(awk 'NR==1{print $1}' .flotilla/credentials/api-tokens)");
    }
    if (status >= 400 && status < 500) {
      return new CliException(
          ExitCodes.USAGE,
          service.label + ": " + (message.isEmpty() ? "refused with status " + status : message));
    }
    return new CliException(
        ExitCodes.UNAVAILABLE,
        who
            + " failed with status "
            + status
            + (message.isEmpty() ? "" : ": " + message)
            + "; check its log and /q/health");
  }

  /** The {@code message} of a Flotilla error body {@code {error, message}}, else the text. */
  static String serverMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (JsonProcessingException e) {
      // not JSON: show the start of the text
    }
    String text = body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private JsonNode parse(Service service, String body, String url) {
    if (body == null || body.isBlank()) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCodes.UNAVAILABLE,
          url
              + " answered with something that is not JSON; is "
              + base(service)
              + " a Flotilla "
              + service.label
              + "?");
    }
  }

  private static String why(IOException e) {
    String m = e.getMessage();
    if (e instanceof ConnectException || m == null || m.isBlank()) {
      return m == null || m.isBlank() ? "connection refused" : m;
    }
    return e.getClass().getSimpleName() + ": " + m;
  }

  static String queryString(Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  /** {@code segment} made safe for a URL path. */
  public static String segment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
