package io.flotilla.e2e.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP calls a hostile client makes, every answer kept so that the secret search can read them all
 * afterwards.
 */
public final class Calls {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One answer: status, headers (lower-case names) and body. */
  public record Answer(int status, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  /** Every body answered so far. */
  public List<String> bodies() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** Remembers a body fetched some other way. */
  public void keep(String body) {
    seen.add(body);
  }

  public Answer get(String url, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  public Answer post(String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  /** Many POSTs at once, as fast as the client can: every answer, in no particular order. */
  public List<Answer> flood(String url, Map<String, String> headers, byte[] body, int calls) {
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(b::header);
      pending.add(CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
    }
    List<Answer> out = new ArrayList<>();
    for (var f : pending) {
      HttpResponse<String> r = f.join();
      seen.add(r.body());
      out.add(new Answer(r.statusCode(), r.headers().map(), r.body()));
    }
    return out;
  }

  /**
   * A POST sent from local address {@code from} (e.g. {@code 127.0.0.2}: another source to the
   * server), over a plain socket; HTTP/1.1 with {@code Connection: close}.
   */
  public Answer postFrom(String from, URI url, Map<String, String> headers, byte[] body) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
      socket.setSoTimeout(20_000);
      StringBuilder head =
          new StringBuilder("POST " + url.getRawPath() + " HTTP/1.1\r\n")
              .append("Host: ")
              .append(url.getHost())
              .append(':')
              .append(url.getPort())
              .append("\r\nConnection: close\r\nContent-Length: ")
              .append(body.length)
              .append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      int split = raw.indexOf("\r\n\r\n");
      String responseBody = split < 0 ? "" : raw.substring(split + 4);
      seen.add(responseBody);
      return new Answer(status, Map.of(), responseBody);
    } catch (IOException e) {
      throw new IllegalStateException("POST " + url + " from " + from + " failed: " + e, e);
    }
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      seen.add(r.body());
      return new Answer(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          request.method() + " " + shorten(request.uri()) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + shorten(request.uri()), e);
    }
  }

  private static String shorten(URI uri) {
    String s = uri.toString();
    return s.length() > 200 ? s.substring(0, 200) + "… (" + s.length() + " characters)" : s;
  }

  /** {@code sha256=<hex HMAC-SHA256 of body>}: the generic webhook's signature. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
