package io.flotilla.renderer.app;

/**
 * The renderer refuses to render an input (a hostile or oversized repository). The message names
 * the repository, the revision and the path.
 */
public final class Refused extends Exception {
  private final String path;

  public Refused(String path, String message) {
    super(message, null, false, false);
    this.path = path;
  }

  /** The repo-relative path at fault, or {@code null}. */
  public String path() {
    return path;
  }
}
