package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stats endpoint on 127.0.0.1 (INTERFACES.md §6):
 *
 * <ul>
 *   <li>{@code GET /stats} → {@code {"clusters": {"sim-1": {"reads": n, "writes": n, "deletes": n},
 *       ...}}}
 *   <li>{@code POST /stats/reset} zeroes the counters and answers 200 with the zeroed body
 *   <li>{@code GET|POST|DELETE /faults/<cluster>}: fault control, see {@link FaultControl}
 * </ul>
 *
 * Other methods get 405, other paths 404, both as JSON {@code {error, message}}.
 */
final class StatsServer implements AutoCloseable {
  static final String STATS = "/stats";
  static final String RESET = "/stats/reset";

  private static final Logger LOG = LoggerFactory.getLogger(StatsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Supplier<Map<String, RequestCounts>> stats;
  private final Runnable reset;
  private final FaultControl faults;

  private StatsServer(
      HttpServer server,
      Supplier<Map<String, RequestCounts>> stats,
      Runnable reset,
      FaultControl faults) {
    this.server = server;
    this.stats = stats;
    this.reset = reset;
    this.faults = faults;
  }

  /**
   * Serves {@code stats} and fault control of the clusters {@code clusters} finds by name (null
   * when none) on {@code port} (0: any free port) until closed.
   */
  static StatsServer start(
      int port,
      Supplier<Map<String, RequestCounts>> stats,
      Runnable reset,
      java.util.function.Function<String, SimCluster> clusters)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, port), 0);
    StatsServer server = new StatsServer(http, stats, reset, new FaultControl(clusters));
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.startsWith(FaultControl.PREFIX)) {
        FaultControl.Answer answer =
            faults.handle(method, path, exchange.getRequestBody().readAllBytes());
        send(exchange, answer.status(), answer.body());
        return;
      }
      switch (path) {
        case STATS -> {
          if (method.equals("GET")) {
            send(exchange, 200, body(stats.get()));
          } else {
            notAllowed(exchange, "GET", path);
          }
        }
        case RESET -> {
          if (method.equals("POST")) {
            reset.run();
            send(exchange, 200, body(stats.get()));
          } else {
            notAllowed(exchange, "POST", path);
          }
        }
        default ->
            send(
                exchange,
                404,
                error(
                    "not_found",
                    "no such path "
                        + path
                        + "; try GET /stats, POST /stats/reset or /faults/<cluster>"));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "stats request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      throw e;
    } finally {
      exchange.close();
    }
  }

  /** The JSON document of {@code GET /stats}; cluster order is kept. */
  static ObjectNode body(Map<String, RequestCounts> counts) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode clusters = root.putObject("clusters");
    counts.forEach(
        (name, c) ->
            clusters
                .putObject(name)
                .put("reads", c.reads())
                .put("writes", c.writes())
                .put("deletes", c.deletes()));
    return root;
  }

  private static void notAllowed(HttpExchange exchange, String allowed, String path)
      throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    send(
        exchange,
        405,
        error(
            "method_not_allowed",
            exchange.getRequestMethod() + " is not allowed on " + path + "; use " + allowed));
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
