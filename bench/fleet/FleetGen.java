import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fleet generator: a monorepo with one folder per app (ConfigMap + Deployment + Service +
 * ServiceAccount in the app's namespace, like the Flux benchmark's app), and a fleet repo
 * registering N fleet-sim clusters with labels. {@link #addApps} writes the M Application files
 * (one commit introduces all apps).
 *
 * <p>usage: {@code java bench/fleet/FleetGen.java --apps M --clusters N --out DIR} (writes
 * DIR/apps-repo and DIR/fleet-repo, with the apps registered).
 */
final class FleetGen {
  static final String PREFIX = "bench-";
  /** Apps synced before a measurement, to warm the platform up; never counted in one. */
  static final String WARM = "warm-";

  private FleetGen() {}

  public static void main(String[] args) throws Exception {
    int apps = 10;
    int clusters = 3;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--apps" -> apps = Integer.parseInt(args[++i]);
        case "--clusters" -> clusters = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null) throw new IllegalArgumentException("--out DIR is required");
    Path appsRepo = out.resolve("apps-repo");
    Path fleetRepo = out.resolve("fleet-repo");
    writeAppsRepo(appsRepo, apps);
    writeFleetRepo(fleetRepo, clusters);
    addApps(fleetRepo, appsRepo, apps);
    System.out.println("apps repo " + appsRepo + ", fleet repo " + fleetRepo);
  }

  static String app(int i) {
    return app(PREFIX, i);
  }

  static String app(String prefix, int i) {
    return prefix + String.format("%04d", i);
  }

  /** The app monorepo: folder app(i) with 4 objects each, one commit; returns its HEAD. */
  static String writeAppsRepo(Path repo, int apps) throws IOException, InterruptedException {
    return writeAppsRepo(repo, apps, 0);
  }

  /** The app monorepo with {@code warm} warm-up apps ({@link #WARM}) beside the measured ones. */
  static String writeAppsRepo(Path repo, int apps, int warm) throws IOException, InterruptedException {
    Files.createDirectories(repo);
    for (int i = 1; i <= apps; i++) writeApp(repo, PREFIX, i, 0);
    for (int i = 1; i <= warm; i++) writeApp(repo, WARM, i, 0);
    git(repo, "init", "-q", "-b", "main");
    return commit(repo, apps + " apps" + (warm > 0 ? " and " + warm + " warm-up apps" : ""));
  }

  static void writeApp(Path repo, int i, int generation) throws IOException {
    writeApp(repo, PREFIX, i, generation);
  }

  static void writeApp(Path repo, String prefix, int i, int generation) throws IOException {
    String name = app(prefix, i);
    Path dir = Files.createDirectories(repo.resolve(name));
    String meta = "  name: " + name + "\n  namespace: " + name + "\n  labels: {app: " + name + "}\n";
    Files.writeString(
        dir.resolve("configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
            + meta
            + "data:\n  generation: \""
            + generation
            + "\"\n  greeting: hello from "
            + name
            + "\n");
    Files.writeString(
        dir.resolve("serviceaccount.yaml"),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n" + meta);
    Files.writeString(
        dir.resolve("service.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n"
            + meta
            + "spec:\n  selector: {app: "
            + name
            + "}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n");
    Files.writeString(
        dir.resolve("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
            + meta
            + "spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: "
            + name
            + "}\n  template:\n    metadata:\n      labels: {app: "
            + name
            + "}\n    spec:\n      serviceAccountName: "
            + name
            + "\n      containers:\n      - name: podinfo\n        image:"
            + " ghcr.io/stefanprodan/podinfo:6.5.0\n        ports:\n        - {containerPort:"
            + " 8080}\n        resources:\n          requests: {cpu: 10m, memory: 16Mi}\n");
  }

  /** The fleet repo with N clusters (labels bench=true, region=r{i%3}, env), no apps yet. */
  static void writeFleetRepo(Path repo, int clusters) throws IOException, InterruptedException {
    Files.createDirectories(repo.resolve("clusters"));
    Files.createDirectories(repo.resolve("apps"));
    Files.writeString(repo.resolve("apps/.keep"), "");
    for (int i = 1; i <= clusters; i++) {
      Files.writeString(
          repo.resolve("clusters/sim-" + i + ".yaml"),
          "apiVersion: flotilla.io/v1\nkind: Cluster\nmetadata:\n  name: sim-"
              + i
              + "\n  labels: {bench: \"true\", region: r"
              + (i % 3)
              + ", env: "
              + (i == 1 ? "staging" : "prod")
              + "}\nspec:\n  kubeconfig:\n    secretRef: sim-"
              + i
              + ".kubeconfig\n");
    }
    git(repo, "init", "-q", "-b", "main");
    commit(repo, clusters + " clusters");
  }

  /** One commit registering apps 1..M, each on every bench cluster; returns the new HEAD. */
  static String addApps(Path fleetRepo, Path appsRepo, int apps)
      throws IOException, InterruptedException {
    return addApps(fleetRepo, appsRepo, PREFIX, apps);
  }

  /** One commit registering apps prefix-0001..M, each on every bench cluster. */
  static String addApps(Path fleetRepo, Path appsRepo, String prefix, int apps)
      throws IOException, InterruptedException {
    for (int i = 1; i <= apps; i++) {
      String name = app(prefix, i);
      Files.writeString(
          fleetRepo.resolve("apps/" + name + ".yaml"),
          "apiVersion: flotilla.io/v1\nkind: Application\nmetadata:\n  name: "
              + name
              + "\nspec:\n  source:\n    repoURL: file://"
              + appsRepo
              + "\n    ref: main\n    path: "
              + name
              + "\n    type: yaml\n  destination:\n    namespace: "
              + name
              + "\n    clusterSelector:\n      matchLabels: {bench: \"true\"}\n");
    }
    return commit(fleetRepo, apps + " " + prefix + "* apps on every bench cluster");
  }

  static String commit(Path repo, String message) throws IOException, InterruptedException {
    git(repo, "add", "-A");
    git(
        repo,
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@localhost",
        "commit",
        "-q",
        "-m",
        message);
    return git(repo, "rev-parse", "HEAD").strip();
  }

  static String git(Path repo, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + ": " + out);
    return out;
  }
}
