package io.flotilla.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The API tokens file ({@code FLOTILLA_API_TOKENS}), read again whenever it changed, so tokens can
 * be added and revoked without a restart. A missing file accepts no token.
 */
public final class ApiTokenFile {
  private final Path file;
  private FileTime loadedAt;
  private ApiTokens tokens;

  public ApiTokenFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /**
   * The identity behind an {@code Authorization} header, if its token is valid.
   *
   * @throws IllegalArgumentException when the file is malformed (names file and line, never a
   *     token)
   */
  public synchronized Optional<String> identify(String authorization) {
    FileTime modified = modified();
    if (tokens == null || !Objects.equals(modified, loadedAt)) {
      tokens = ApiTokens.load(file);
      loadedAt = modified;
    }
    return tokens.identify(authorization);
  }

  private FileTime modified() {
    try {
      return Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
