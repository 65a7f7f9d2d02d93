package io.flotilla.applier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * What the scale-out test needs: a fleet repo of {@code sim-1…sim-N} with apps targeting all of
 * them, desired states of four objects, and packaged applier instances run as child processes.
 */
final class ScaleOutFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ScaleOutFixture() {}

  /**
   * A fleet repo: clusters sim-1…sim-n ({@code env=prod}) and {@code apps}, each on all of them.
   */
  static Path fleetRepo(Path dir, int clusters, List<String> apps)
      throws IOException, GitAPIException {
    Files.createDirectories(dir.resolve("clusters"));
    Files.createDirectories(dir.resolve("apps"));
    for (int i = 1; i <= clusters; i++) {
      Files.writeString(
          dir.resolve("clusters/sim-" + i + ".yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Cluster
          metadata:
            name: sim-%d
            labels: {env: prod}
          spec:
            kubeconfig:
              secretRef: sim-%d.kubeconfig
          """
              .formatted(i, i));
    }
    for (String app : apps) {
      Files.writeString(
          dir.resolve("apps/" + app + ".yaml"),
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata:
            name: %s
          spec:
            source:
              repoURL: file:///srv/git/apps.git
              path: %s
            destination:
              namespace: %s
              clusterSelector: {matchLabels: {env: prod}}
          """
              .formatted(app, app, app));
    }
    try (Git git = Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("fleet for the scale-out test")
          .setAuthor("Test", "test@example.com")
          .setCommitter("Test", "test@example.com")
          .setSign(false)
          .call();
    }
    return dir;
  }

  /** Namespace, ConfigMap, Service, Deployment of {@code app}: 5 writes to create (inventory). */
  static DesiredState desired(String app, String cluster, String revision) {
    List<Map<String, Object>> resources =
        List.of(
            object("v1", "Namespace", app, Map.of()),
            object("v1", "ConfigMap", "settings", Map.of("data", Map.of("REVISION", revision))),
            object(
                "v1",
                "Service",
                "web",
                Map.of(
                    "spec",
                    Map.of(
                        "selector",
                        Map.of("app", "web"),
                        "ports",
                        List.of(Map.of("name", "http", "port", 80))))),
            object(
                "apps/v1",
                "Deployment",
                "web",
                Map.of(
                    "spec",
                    Map.of(
                        "replicas",
                        1,
                        "selector",
                        Map.of("matchLabels", Map.of("app", "web")),
                        "template",
                        Map.of(
                            "metadata",
                            Map.of("labels", Map.of("app", "web")),
                            "spec",
                            Map.of(
                                "containers",
                                List.of(Map.of("name", "web", "image", "nginx:1.27"))))))));
    return new DesiredState(
        app, cluster, revision, app, resources, EventCodec.sha256(app + revision), null);
  }

  static String revision() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, String name, Map<String, Object> body) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", Map.of("name", name));
    object.putAll(body);
    return object;
  }

  /** One packaged applier ({@code target/quarkus-app/quarkus-run.jar}) as a child process. */
  static final class Instance implements AutoCloseable {
    final String name;
    final int port;
    final Process process;
    final Path log;

    private Instance(String name, int port, Process process, Path log) {
      this.name = name;
      this.port = port;
      this.process = process;
      this.log = log;
    }

    static Instance start(String name, Path work, Map<String, String> config, String... javaOpts)
        throws IOException {
      Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
      if (!Files.exists(jar)) {
        throw new IllegalStateException(jar + " is missing: run mvn -pl applier package first");
      }
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(javaOpts.length == 0 ? List.of("-Xmx256m") : List.of(javaOpts));
      config.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-Dflotilla.instance=" + name);
      command.add("-Dmp.messaging.incoming.desired.client.id=applier-" + name + "-desired");
      command.add("-Dquarkus.http.port=" + port);
      command.add("-Dflotilla.cache-dir=" + work.resolve("cache-" + name));
      command.add("-jar");
      command.add(jar.toString());
      Path log = Path.of("target", "scale-out-" + name + ".log").toAbsolutePath();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new Instance(name, port, process, log);
    }

    boolean ready() {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      try {
        return HTTP.send(
                    HttpRequest.newBuilder(url("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** {@code GET /api/v1/apps/{app}}: the clusters' entries. */
    JsonNode app(String app) throws IOException, InterruptedException {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(url("/api/v1/apps/" + app)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return JSON.readTree(body).get("clusters");
    }

    /** A counter or gauge from {@code /q/metrics} (summed over its series). */
    double metric(String name) throws IOException, InterruptedException {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(url("/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines()
          .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    }

    private URI url(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A field of {@code /proc/<pid>/status} in kB, e.g. {@code VmHWM} (peak RSS). */
    long memoryKb(String field) throws IOException {
      return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
          .filter(l -> l.startsWith(field + ":"))
          .map(l -> l.substring(field.length() + 1).trim().split("\\s+")[0])
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + field + " for " + name));
    }

    /** SIGTERM, as an orchestrator stops a pod; waits for the exit. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        stop();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
