package io.flotilla.applier.api;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.fleet.ApiTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/** The API tokens file, read again whenever it changed (so tokens can be rotated live). */
@ApplicationScoped
public class TokenFile {
  private final Path file;
  private FileTime loadedAt;
  private ApiTokens tokens;

  @Inject
  public TokenFile(ApplierConfig config) {
    this.file =
        Path.of(
            config.apiTokens().orElse(Path.of(config.credentialsDir(), "api-tokens").toString()));
  }

  /**
   * The identity behind an {@code Authorization} header, if its token is valid.
   *
   * @throws IllegalArgumentException when the file is malformed (names file and line, never a
   *     token)
   */
  public synchronized Optional<String> identify(String authorization) {
    FileTime modified = modified();
    if (tokens == null || !java.util.Objects.equals(modified, loadedAt)) {
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
