package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code make demo}: starts the platform with three simulated clusters, commits a small app, waits
 * until both prod clusters run it, scales it in a second commit, waits again, and prints a report
 * and the audit trail. Exit status 0 only when all of that happened.
 */
public final class Demo {
  static final String APP = "guestbook";
  static final int CLUSTERS = 3;
  static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(120);

  private final PrintStream out = System.out;
  private final Path repoRoot;
  private final Path work;

  Demo(Path repoRoot, Path work) {
    this.repoRoot = repoRoot;
    this.work = work;
  }

  public static void main(String[] args) throws IOException {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "."))
            .toAbsolutePath()
            .normalize();
    String state =
        System.getenv()
            .getOrDefault("FLOTILLA_STATE_DIR", repoRoot.resolve(".flotilla/run").toString());
    Path work = Path.of(state).resolve("demo");
    try {
      new Demo(repoRoot, work).run();
    } catch (RuntimeException e) {
      System.out.println();
      System.out.println("DEMO FAILED: " + e.getMessage());
      System.out.println("logs: " + work.resolve("platform/logs"));
      System.exit(1);
    }
  }

  void run() throws IOException {
    Instant started = Instant.now();
    deleteRecursively(work);
    Files.createDirectories(work);
    step("Creating a sample app repo and a fleet repo under " + work);
    PersonIdent alice = new PersonIdent("Alice Example", "alice@example.com");
    try (GitRepo apps = GitRepo.init(work.resolve("apps-repo"));
        GitRepo fleet = GitRepo.init(work.resolve("fleet-repo"))) {
      fleet.commit(
          Samples.fleet(CLUSTERS, Map.of(APP, apps.url())),
          "fleet: 3 clusters; guestbook on env=prod",
          alice);
      out.println(
          "   fleet: sim-1 (env=staging), sim-2 and sim-3 (env=prod); app guestbook → env=prod");

      Map<String, String> env = new LinkedHashMap<>();
      env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
      env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
      env.put("FLOTILLA_FLEET_REPO", fleet.url());
      env.put("FLOTILLA_SIM_CLUSTERS", String.valueOf(CLUSTERS));
      env.put("FLOTILLA_POLL_INTERVAL", "1s");
      step("Starting Kafka, PostgreSQL, fleet-sim (3 clusters) and the four services");
      try (Platform platform = Platform.up(repoRoot, env, out)) {
        List<String> targets = Samples.prodClusters(CLUSTERS);

        Applied first =
            commitAndWait(
                platform, apps, targets, 2, "guestbook: first release", "Commit 1", alice);
        Applied second =
            commitAndWait(
                platform, apps, targets, 3, "guestbook: scale to 3 replicas", "Commit 2", alice);

        step("Checking the clusters themselves");
        checkClusters(platform, targets);

        step("Report");
        report("commit 1", first);
        report("commit 2", second);

        step("Audit trail for " + APP + " (newest first)");
        auditTrail(platform, Set.of(first.sha(), second.sha()));

        step("Stopping everything the demo started");
      }
    }
    out.println();
    out.printf(
        "DEMO OK in %d s: guestbook applied to sim-2 and sim-3 twice, sim-1 untouched, audit chain"
            + " verified.%n",
        Duration.between(started, Instant.now()).toSeconds());
  }

  /** One commit of the sample app and its rollout: when it was made, seen applied, and where. */
  private record Applied(
      String sha, Instant committed, Instant seen, Map<String, JsonNode> clusters) {}

  private Applied commitAndWait(
      Platform platform,
      GitRepo apps,
      List<String> targets,
      int replicas,
      String message,
      String title,
      PersonIdent author) {
    step(title + ": " + message);
    Instant committed = Instant.now();
    String sha = apps.commit(Samples.app(APP, replicas, "nginx:1.27"), message, author);
    out.println(
        "   committed " + Rollout.shortSha(sha) + "; waiting for " + String.join(" and ", targets));
    Map<String, JsonNode> clusters =
        Rollout.await(platform.applierUrl(), APP, sha, targets, ROLLOUT_TIMEOUT, out);
    return new Applied(sha, committed, Instant.now(), clusters);
  }

  private void checkClusters(Platform platform, List<String> targets) {
    for (int i = 1; i <= CLUSTERS; i++) {
      String cluster = "sim-" + i;
      try (KubernetesClient client = client(platform.credentialsDir(), cluster)) {
        Deployment d = client.apps().deployments().inNamespace(APP).withName(APP).get();
        if (targets.contains(cluster)) {
          if (d == null || d.getSpec().getReplicas() != 3) {
            throw new IllegalStateException(cluster + " does not run guestbook with 3 replicas");
          }
          out.printf(
              "   %s: Deployment guestbook/guestbook replicas=%d managed-by=%s%n",
              cluster,
              d.getSpec().getReplicas(),
              d.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        } else {
          if (d != null || client.namespaces().withName(APP).get() != null) {
            throw new IllegalStateException(cluster + " is not targeted but holds guestbook");
          }
          out.printf("   %s: nothing deployed (env=staging is not targeted)%n", cluster);
        }
      }
    }
  }

  static KubernetesClient client(Path credentials, String cluster) {
    try {
      String kubeconfig = Files.readString(credentials.resolve(cluster + ".kubeconfig"));
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the kubeconfig of " + cluster, e);
    }
  }

  private void report(String title, Applied applied) {
    out.println("   " + title + " " + Rollout.shortSha(applied.sha()) + ":");
    Instant committed = applied.committed();
    Instant seen = applied.seen();
    applied
        .clusters()
        .forEach(
            (cluster, s) -> {
              if (!Rollout.isApplied(s, s.path("appliedRevision").asText())) {
                return;
              }
              Instant appliedAt = parse(s.path("lastSyncAt").asText(null), seen);
              out.printf(
                  "     %-6s revision %s  %s  commit→applied %d ms%n",
                  cluster,
                  Rollout.shortSha(s.path("appliedRevision").asText()),
                  s.path("syncState").asText(),
                  Duration.between(committed, appliedAt).toMillis());
              for (JsonNode r : s.path("resources")) {
                String ns = r.path("namespace").asText("");
                out.printf(
                    "       %-11s %-10s %s%n",
                    r.path("outcome").asText(),
                    r.path("kind").asText(),
                    (ns.isEmpty() ? "" : ns + "/") + r.path("name").asText());
              }
            });
  }

  private void auditTrail(Platform platform, Set<String> revisions) {
    JsonNode entries =
        Http.get(
            platform.auditorUrl() + "/api/v1/audit?app=" + APP + "&limit=200", platform.apiToken());
    List<JsonNode> ours = new ArrayList<>();
    entries.forEach(
        e -> {
          if (revisions.contains(e.path("revision").asText())) {
            ours.add(e);
          }
        });
    for (JsonNode e : ours) {
      out.printf(
          "   #%-5s %-24s %-40s %-8s %-7s %s  %s%n",
          e.path("seq").asText(),
          e.path("time").asText(),
          e.path("type").asText(),
          Rollout.shortSha(e.path("revision").asText()),
          e.path("cluster").asText("-"),
          e.path("actor").asText("-"),
          e.path("hash").asText().substring(0, 12) + "…");
    }
    JsonNode verify = Http.get(platform.auditorUrl() + "/api/v1/audit/verify", platform.apiToken());
    out.printf(
        "   chain: verified=%s over %s entries (firstBroken=%s)%n",
        verify.path("verified").asText(),
        verify.path("entries").asText(),
        verify.path("firstBroken").isNull() ? "none" : verify.path("firstBroken").toString());
    if (!verify.path("verified").asBoolean() || !verify.path("firstBroken").isNull()) {
      throw new IllegalStateException("the audit chain does not verify: " + verify);
    }
    long kinds = ours.stream().map(e -> e.path("type").asText()).distinct().count();
    if (kinds < 3) {
      throw new IllegalStateException(
          "expected commit, desired-state and sync events in the audit log, found "
              + ours.size()
              + " entries");
    }
  }

  private static Instant parse(String time, Instant fallback) {
    return time == null || time.isEmpty() || time.equals("null") ? fallback : Instant.parse(time);
  }

  private void step(String what) {
    out.println();
    out.println("==> " + what);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
