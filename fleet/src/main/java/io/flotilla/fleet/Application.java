package io.flotilla.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application: where its manifests live, how to render them and which clusters get them.
 *
 * @param repoUrl the source repository URL (any URL JGit reads)
 * @param ref what to follow: a branch or tag name, a semver range over tags, or a commit SHA
 * @param refType how to read {@code ref}
 * @param path the folder of the app inside the repository, repo-relative; empty for the root
 * @param sourceType how to render: {@code yaml}, {@code kustomize} or {@code helm}
 * @param namespace the destination namespace for namespaced objects that name none
 * @param selector which clusters the application targets
 * @param credentialsRef a file in {@code FLOTILLA_CREDENTIALS_DIR} holding the credentials to read
 *     {@code repoUrl}, or {@code null} for a public repository
 * @param helm Helm values for {@code sourceType: helm}; {@link Helm#NONE} otherwise
 * @param overrides per-cluster changes; the first whose selector matches a cluster applies to it
 * @param rollback automatic rollback of a sync that leaves a workload unhealthy
 * @param signatures whether commits must carry a valid OpenPGP signature, and by which keys
 */
public record Application(
    String name,
    String repoUrl,
    String ref,
    RefType refType,
    String path,
    String sourceType,
    String namespace,
    LabelSelector selector,
    SyncPolicy syncPolicy,
    String credentialsRef,
    Helm helm,
    List<Override> overrides,
    Rollback rollback,
    Signatures signatures) {

  public Application {
    helm = helm == null ? Helm.NONE : helm;
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    rollback = rollback == null ? Rollback.DEFAULT : rollback;
    signatures = signatures == null ? Signatures.NONE : signatures;
  }

  /** A plain application: no credentials, Helm values, overrides, rollback or signatures. */
  public Application(
      String name,
      String repoUrl,
      String ref,
      RefType refType,
      String path,
      String sourceType,
      String namespace,
      LabelSelector selector,
      SyncPolicy syncPolicy) {
    this(
        name,
        repoUrl,
        ref,
        refType,
        path,
        sourceType,
        namespace,
        selector,
        syncPolicy,
        null,
        Helm.NONE,
        List.of(),
        Rollback.DEFAULT,
        Signatures.NONE);
  }

  /** The override that applies to {@code cluster}: the first whose selector matches its labels. */
  public Optional<Override> overrideFor(Cluster cluster) {
    return overrides.stream().filter(o -> o.selector().matches(cluster.labels())).findFirst();
  }

  /**
   * Repo-relative paths, besides {@link #path()}, whose content the rendering reads: Helm values
   * files. A commit touching any of them concerns the application.
   */
  public List<String> referencedPaths() {
    return helm.valuesFiles();
  }

  /** How an application's {@code ref} names the commit to deploy. */
  public enum RefType {
    /** {@code ref} is a branch; every commit on it is deployed. */
    BRANCH("branch"),
    /** {@code ref} is a tag; deployed when it is created or moved. */
    TAG("tag"),
    /** {@code ref} is a semver range (e.g. {@code ~1.4}); the highest matching tag is deployed. */
    SEMVER("semver"),
    /** {@code ref} is a full commit SHA; deployed once. */
    COMMIT("commit");

    private final String yamlName;

    RefType(String yamlName) {
      this.yamlName = yamlName;
    }

    /** The spelling in the fleet repo's {@code spec.source.refType}. */
    public String yamlName() {
      return yamlName;
    }

    public static Optional<RefType> ofYaml(String name) {
      return java.util.Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }
  }

  /**
   * @param automated apply every new revision without being asked
   * @param prune delete objects the application no longer declares
   * @param selfHeal re-apply when a live object drifts from the desired state
   * @param allowEmpty allow a render with no objects to prune everything the app owns
   */
  public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal, boolean allowEmpty) {
    public static final SyncPolicy DEFAULT = new SyncPolicy(true, false, false, false);
  }

  /**
   * {@code spec.source.helm}.
   *
   * @param values inline values (JSON-compatible maps, lists and scalars)
   * @param valuesFiles values files as repo-relative paths (declared relative to the app path)
   */
  public record Helm(Map<String, Object> values, List<String> valuesFiles) {
    public static final Helm NONE = new Helm(Map.of(), List.of());

    public Helm {
      values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(values);
      valuesFiles = valuesFiles == null ? List.of() : List.copyOf(valuesFiles);
    }
  }

  /**
   * One {@code spec.overrides} entry: what changes for the clusters its selector matches.
   *
   * @param helmValues extra Helm values, merged over the app's values
   * @param kustomizePath a Kustomize overlay folder rendered instead of the app path, repo-relative
   *     (declared relative to the app path), or {@code null}
   * @param patches JSON merge patches (RFC 7386) applied to rendered objects
   */
  public record Override(
      LabelSelector selector,
      Map<String, Object> helmValues,
      String kustomizePath,
      List<Patch> patches) {
    public Override {
      helmValues =
          helmValues == null ? Map.of() : java.util.Collections.unmodifiableMap(helmValues);
      patches = patches == null ? List.of() : List.copyOf(patches);
    }
  }

  /**
   * A JSON merge patch for the rendered objects matching {@code kind} and {@code name} ({@code
   * null} name: every object of that kind).
   */
  public record Patch(String kind, String name, Map<String, Object> patch) {
    public Patch {
      patch = java.util.Collections.unmodifiableMap(patch);
    }
  }

  /**
   * {@code spec.rollback}: roll a cluster back to its last healthy revision when a sync leaves a
   * workload Degraded, or still Progressing after {@code timeout}.
   */
  public record Rollback(boolean onDegraded, Duration timeout) {
    public static final Rollback DEFAULT = new Rollback(false, Duration.ofMinutes(2));
  }

  /**
   * {@code spec.signatures}.
   *
   * @param required a commit without a valid signature by one of {@code keys} is not deployed
   * @param keys armored OpenPGP public keys, as paths in the fleet repo (e.g. {@code
   *     keys/alice.asc})
   */
  public record Signatures(boolean required, List<String> keys) {
    public static final Signatures NONE = new Signatures(false, List.of());

    public Signatures {
      keys = List.copyOf(keys);
    }
  }
}
