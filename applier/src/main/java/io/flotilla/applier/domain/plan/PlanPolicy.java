package io.flotilla.applier.domain.plan;

/**
 * The app's sync policy as far as a plan cares.
 *
 * @param prune delete objects the app owned and no longer declares ({@code syncPolicy.prune}, or a
 *     sync requested with prune)
 * @param allowEmpty an empty render may prune everything ({@code syncPolicy.allowEmpty})
 */
public record PlanPolicy(boolean prune, boolean allowEmpty) {
  public static final PlanPolicy NO_PRUNE = new PlanPolicy(false, false);
}
