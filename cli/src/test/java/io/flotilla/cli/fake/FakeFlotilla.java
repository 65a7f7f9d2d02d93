package io.flotilla.cli.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the applier and the auditor over real HTTP, answering with the JSON shapes their
 * resources produce (applier {@code AppStatus}/{@code ErrorBody}/the control 202 body; auditor
 * {@code AuditEntryView}, {@code History}/{@code Deployment}, {@code Verification}, {@code
 * ApiError}) — see {@link Shapes}. The control endpoint checks the bearer token and the body the
 * way the applier's {@code ControlResource} does. What the apps view shows over time is scripted by
 * the test: {@link #apps} is asked for the current body on every GET.
 */
public final class FakeFlotilla implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  public record Request(
      String method, String path, Map<String, String> query, String auth, JsonNode body) {}

  private final HttpServer server;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public volatile String token = "s3cret-token";

  /** The apps view: the test swaps it as the "applier" makes progress. */
  public volatile Function<Integer, JsonNode> apps = n -> JSON.createArrayNode();

  public volatile List<JsonNode> auditEntries = new ArrayList<>();
  public volatile JsonNode verification = Shapes.verification(true, 0, null);
  public volatile JsonNode history = JSON.createObjectNode();
  private int appsGets;

  public FakeFlotilla() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized int appsGets() {
    return appsGets;
  }

  public List<Request> requests(String pathPrefix) {
    return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode body = text.isBlank() ? null : JSON.readTree(text);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(ex.getRequestMethod(), path, query, auth, body));
      if (path.startsWith("/api/v1/control/")) {
        control(ex, path.substring("/api/v1/control/".length()), auth, body);
      } else if (path.equals("/api/v1/apps")) {
        send(ex, 200, appsNow(), Map.of());
      } else if (path.startsWith("/api/v1/apps/")) {
        String app =
            URLDecoder.decode(path.substring("/api/v1/apps/".length()), StandardCharsets.UTF_8);
        JsonNode all = appsNow();
        for (JsonNode a : all) {
          if (a.path("app").asText().equals(app)) {
            send(ex, 200, a, Map.of());
            return;
          }
        }
        send(
            ex,
            404,
            Shapes.error("not_found", "no application '" + app + "' in the fleet"),
            Map.of());
      } else if (path.equals("/api/v1/audit")) {
        audit(ex, query);
      } else if (path.equals("/api/v1/audit/verify")) {
        send(ex, 200, verification, Map.of());
      } else if (path.startsWith("/api/v1/history/")) {
        send(ex, 200, history, Map.of());
      } else {
        send(ex, 404, Shapes.error("not_found", "no such path " + path), Map.of());
      }
    }
  }

  private synchronized JsonNode appsNow() {
    return apps.apply(appsGets++);
  }

  private void control(HttpExchange ex, String action, String auth, JsonNode body)
      throws IOException {
    if (auth == null || !auth.equals("Bearer " + token)) {
      send(
          ex,
          401,
          Shapes.error(
              "unauthorized",
              "a valid API token is required: Authorization: Bearer <token> (FLOTILLA_API_TOKENS)"),
          Map.of());
      return;
    }
    if (body == null || !body.hasNonNull("reason")) {
      send(
          ex,
          400,
          Shapes.error("bad_request", "'reason' is required: say why, it goes to the audit log"),
          Map.of());
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("id", "0b6f3c1e-7d0c-4d4e-9a53-" + String.format("%012d", requests.size()));
    out.put("type", "io.flotilla.control." + action + ".requested.v1");
    out.put("subject", body.path("app").asText("*"));
    out.put("requestedBy", "admin");
    send(ex, 202, out, Map.of());
  }

  private void audit(HttpExchange ex, Map<String, String> query) throws IOException {
    int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
    int start =
        query.containsKey("cursor") ? Integer.parseInt(query.get("cursor").substring(1)) : 0;
    ArrayNode page = JSON.createArrayNode();
    for (int i = start; i < Math.min(auditEntries.size(), start + limit); i++) {
      page.add(auditEntries.get(i));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (start + limit < auditEntries.size()) {
      headers.put("X-Next-Cursor", "c" + (start + limit));
    }
    send(ex, 200, page, headers);
  }

  private static void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      out.put(
          URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
