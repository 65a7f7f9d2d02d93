package io.flotilla.renderer.domain;

/** Thrown inside the parser to stop at the first problem; always turned into a Failed result. */
final class InvalidManifest extends Exception {
  private final String file;
  private final Integer line;

  InvalidManifest(String file, Integer line, String reason) {
    super(reason, null, false, false);
    this.file = file;
    this.line = line;
  }

  RenderResult.Failed toFailed() {
    return new RenderResult.Failed(file, line, getMessage());
  }
}
