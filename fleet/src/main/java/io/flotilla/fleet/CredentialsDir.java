package io.flotilla.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code FLOTILLA_CREDENTIALS_DIR}: where kubeconfigs and tokens named by the fleet repo live.
 * Names are plain file names; nothing outside the folder can be reached through one.
 */
public final class CredentialsDir {
  private final Path root;

  public CredentialsDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public static boolean isPlainName(String name) {
    return name != null
        && !name.isBlank()
        && !name.contains("/")
        && !name.contains("\\")
        && !name.equals(".")
        && !name.equals("..");
  }

  public Path root() {
    return root;
  }

  /**
   * Reads the credential file {@code name}. The error names the file and the folder, never the
   * content.
   */
  public String read(String name) {
    if (!isPlainName(name)) {
      throw new IllegalArgumentException("credential name '" + name + "' is not a plain file name");
    }
    Path file = root.resolve(name);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read credential '"
              + name
              + "' from "
              + root
              + " (FLOTILLA_CREDENTIALS_DIR): "
              + e.getClass().getSimpleName(),
          e);
    }
  }
}
