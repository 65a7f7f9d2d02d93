package io.flotilla.fleet.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real Git smart-HTTP server for tests and benchmarks (the protocol {@code git clone https://…}
 * speaks: {@code info/refs?service=git-upload-pack} then {@code POST git-upload-pack}), serving
 * repositories from folders through JGit's {@link UploadPack}, optionally behind HTTP basic auth.
 * Read-only. JGit's own {@code GitServlet} is not served by this machine's Maven mirror, hence this
 * small server on the JDK's HTTP server.
 */
public final class HttpGitServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Path> repos = new ConcurrentHashMap<>();
  private final String user;
  private final String password;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong denied = new AtomicLong();

  /**
   * @param user the basic-auth user, or {@code null} for no authentication
   */
  public HttpGitServer(String user, String password) throws IOException {
    this.user = user;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves the repository at {@code gitDir} as {@code <url()>/<name>.git}; returns that URL. */
  public String serve(String name, Path gitDir) {
    repos.put(name, gitDir);
    return url() + "/" + name + ".git";
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered so far, and how many of them were refused for bad credentials. */
  public long requests() {
    return requests.get();
  }

  public long denied() {
    return denied.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      if (user != null && !authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
        denied.incrementAndGet();
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String path = ex.getRequestURI().getPath();
      int dotGit = path.indexOf(".git/");
      Path dir = dotGit < 0 ? null : repos.get(path.substring(1, dotGit));
      if (dir == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String rest = path.substring(dotGit + 5);
      try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
        if (rest.equals("info/refs")
            && "service=git-upload-pack".equals(ex.getRequestURI().getQuery())) {
          advertise(ex, repo);
        } else if (rest.equals("git-upload-pack") && ex.getRequestMethod().equals("POST")) {
          upload(ex, repo);
        } else {
          ex.sendResponseHeaders(404, -1);
        }
      }
    }
  }

  private static void advertise(HttpExchange ex, Repository repo) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
    ex.getResponseHeaders().add("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    PacketLineOut pck = new PacketLineOut(out);
    pck.writeString("# service=git-upload-pack\n");
    pck.end();
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    up.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(pck));
    out.flush();
  }

  private static void upload(HttpExchange ex, Repository repo) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
    ex.getResponseHeaders().add("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    UploadPack up = new UploadPack(repo);
    up.setBiDirectionalPipe(false);
    up.upload(in, ex.getResponseBody(), null);
  }

  private boolean authorised(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
