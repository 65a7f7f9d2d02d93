package io.flotilla.gitwatcher.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A Git host that calls {@code POST /api/v1/webhooks/<provider>}, and how it proves the call. */
public enum Provider {
  GITHUB("X-Hub-Signature-256"),
  GITLAB("X-Gitlab-Token"),
  GITEA("X-Gitea-Signature"),
  GENERIC("X-Flotilla-Signature");

  private final String header;

  Provider(String header) {
    this.header = header;
  }

  /** The request header carrying the signature (or, for GitLab, the token). */
  public String header() {
    return header;
  }

  /** The path segment, e.g. {@code github}. */
  public String pathName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The environment variable overriding the shared secret for this provider. */
  public String secretVariable() {
    return "FLOTILLA_WEBHOOK_SECRET_" + name();
  }

  public static Optional<Provider> of(String pathName) {
    return Arrays.stream(values()).filter(p -> p.pathName().equals(pathName)).findFirst();
  }
}
