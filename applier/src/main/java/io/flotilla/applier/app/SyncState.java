package io.flotilla.applier.app;

/** Where the sync of one app on one cluster stands, as the REST API shows it. */
public enum SyncState {
  /** No event about it since the applier started. */
  UNKNOWN("Unknown"),
  /** A sync is running. */
  PROGRESSING("Progressing"),
  /** The last sync applied or matched every object. */
  SYNCED("Synced"),
  /** The last sync failed for at least one object. */
  FAILED("Failed"),
  /** A newer desired state is held back (paused or rolled back): not applied. */
  OUT_OF_SYNC("OutOfSync"),
  /** The latest revision could not be rendered; nothing was applied. */
  RENDER_FAILED("RenderFailed");

  private final String label;

  SyncState(String label) {
    this.label = label;
  }

  /** The name users see: {@code Synced}, {@code RenderFailed}, ... */
  public String label() {
    return label;
  }
}
