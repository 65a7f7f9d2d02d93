package io.flotilla.applier.api;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.fleet.ApiTokenFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/** The API tokens file, read again whenever it changed (so tokens can be rotated live). */
@ApplicationScoped
public class TokenFile {
  private final ApiTokenFile file;

  @Inject
  public TokenFile(ApplierConfig config) {
    this.file =
        new ApiTokenFile(
            Path.of(
                config
                    .apiTokens()
                    .orElse(Path.of(config.credentialsDir(), "api-tokens").toString())));
  }

  /**
   * The identity behind an {@code Authorization} header, if its token is valid.
   *
   * @throws IllegalArgumentException when the file is malformed (names file and line, never a
   *     token)
   */
  public Optional<String> identify(String authorization) {
    return file.identify(authorization);
  }
}
