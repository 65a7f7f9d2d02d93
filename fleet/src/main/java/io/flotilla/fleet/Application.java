package io.flotilla.fleet;

/**
 * An application: where its manifests live and which clusters get them.
 *
 * @param repoUrl the source repository URL (any URL JGit reads)
 * @param ref what to follow: a branch or tag name, a semver range over tags, or a commit SHA
 * @param refType how to read {@code ref}
 * @param path the folder of manifests inside the repository; empty for the root
 * @param sourceType how to render: only {@code yaml} for now
 * @param namespace the destination namespace for namespaced objects that name none
 * @param selector which clusters the application targets
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
    SyncPolicy syncPolicy) {

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

    public static java.util.Optional<RefType> ofYaml(String name) {
      return java.util.Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
    }
  }

  /**
   * @param automated apply every new revision without being asked
   * @param prune delete objects the application no longer declares
   */
  public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal, boolean allowEmpty) {
    public static final SyncPolicy DEFAULT = new SyncPolicy(true, false, false, false);
  }
}
