package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged process, as {@code make up} and scripts run it. */
class MainProcessIT {
  private static final Path JAR = Path.of("target", "fleet-sim.jar");
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static Process launch(String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  /** Collects a stream's lines on a daemon thread, so the test can wait for one. */
  private static List<String> lines(InputStream in) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  @Test
  void shouldExitWithCode2AndUsageOnBadArguments(@TempDir Path dir) throws Exception {
    Process process = launch("--clusters", "lots", "--out", dir.toString());
    List<String> stderr = lines(process.getErrorStream());

    assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(stderr)
                    .first()
                    .asString()
                    .contains("--clusters must be a whole number, was 'lots'"));
    await().atMost(PATIENCE).until(() -> stderr.stream().anyMatch(l -> l.startsWith("Usage:")));
  }

  @Test
  void shouldServeUntilTerminatedThenRemoveOnlyTheReadyFile(@TempDir Path dir) throws Exception {
    Process process =
        launch(
            "--clusters", "2", "--out", dir.toString(), "--stats-port", "0", "--latency-ms", "1");
    try {
      List<String> stdout = lines(process.getInputStream());
      await()
          .atMost(PATIENCE)
          .until(() -> stdout.stream().anyMatch(l -> l.startsWith("fleet-sim ready: 2 clusters")));

      assertThat(stdout.get(0)).matches("sim-1 http://127\\.0\\.0\\.1:\\d+ .*sim-1\\.kubeconfig");
      assertThat(stdout.get(1)).matches("sim-2 http://127\\.0\\.0\\.1:\\d+ .*sim-2\\.kubeconfig");
      Path ready = dir.resolve(Main.READY_FILE);
      assertThat(Files.readString(ready).trim()).isEqualTo(String.valueOf(process.pid()));

      Config config = Config.fromKubeconfig(dir.resolve("sim-2.kubeconfig").toFile());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        assertThat(client.namespaces().list().getItems()).isEmpty();
      }
      String statsUrl = stdout.get(2).replaceFirst(".*stats at ", "");
      HttpResponse<String> stats =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(statsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode counts = new ObjectMapper().readTree(stats.body()).get("clusters");
      assertThat(counts.get("sim-2").get("reads").asLong()).isEqualTo(1);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(ready).doesNotExist();
      assertThat(dir.resolve("sim-1.kubeconfig")).exists();
      assertThat(dir.resolve("fleet-sim.kubeconfig")).exists();
    } finally {
      process.destroyForcibly();
    }
  }
}
