package io.flotilla.fleet;

/**
 * An application: where its manifests live and which clusters get them.
 *
 * @param repoUrl the source repository URL (any URL JGit reads)
 * @param ref the branch to follow
 * @param path the folder of manifests inside the repository; empty for the root
 * @param sourceType how to render: only {@code yaml} for now
 * @param namespace the destination namespace for namespaced objects that name none
 * @param selector which clusters the application targets
 */
public record Application(
    String name,
    String repoUrl,
    String ref,
    String path,
    String sourceType,
    String namespace,
    LabelSelector selector,
    SyncPolicy syncPolicy) {

  /**
   * @param automated apply every new revision without being asked
   * @param prune delete objects the application no longer declares
   */
  public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal, boolean allowEmpty) {
    public static final SyncPolicy DEFAULT = new SyncPolicy(true, false, false, false);
  }
}
