package io.flotilla.gitwatcher.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.gitwatcher.webhook.WebhookVerifier.Verification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final String SECRET = "It's a Secret to Everybody";
  static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
  static final String GITHUB_EXAMPLE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void shouldAcceptGithubsDocumentedExampleSignature() {
    assertThat(WebhookVerifier.verify(Provider.GITHUB, BODY, GITHUB_EXAMPLE, SECRET))
        .isEqualTo(Verification.VALID);
    assertThat(WebhookVerifier.sign(SECRET, BODY)).isEqualTo(GITHUB_EXAMPLE);
  }

  @Test
  void shouldAcceptUppercaseHexButRefuseAnotherBodyOrSecret() {
    assertThat(
            WebhookVerifier.verify(
                Provider.GENERIC,
                BODY,
                GITHUB_EXAMPLE.toUpperCase().replace("SHA256=", "sha256="),
                SECRET))
        .isEqualTo(Verification.VALID);
    assertThat(
            WebhookVerifier.verify(
                Provider.GITHUB,
                "Hello, World?".getBytes(StandardCharsets.UTF_8),
                GITHUB_EXAMPLE,
                SECRET))
        .isEqualTo(Verification.INVALID);
    assertThat(WebhookVerifier.verify(Provider.GITHUB, BODY, GITHUB_EXAMPLE, "other"))
        .isEqualTo(Verification.INVALID);
  }

  @Test
  void giteaSignatureShouldBeBareHex() {
    String hex = GITHUB_EXAMPLE.substring("sha256=".length());

    assertThat(WebhookVerifier.verify(Provider.GITEA, BODY, hex, SECRET))
        .isEqualTo(Verification.VALID);
    assertThat(WebhookVerifier.verify(Provider.GITEA, BODY, GITHUB_EXAMPLE, SECRET))
        .isEqualTo(Verification.INVALID);
    assertThat(WebhookVerifier.verify(Provider.GITHUB, BODY, hex, SECRET))
        .isEqualTo(Verification.INVALID);
  }

  @Test
  void gitlabTokenShouldBeTheSecretItself() {
    assertThat(WebhookVerifier.verify(Provider.GITLAB, BODY, SECRET, SECRET))
        .isEqualTo(Verification.VALID);
    assertThat(WebhookVerifier.verify(Provider.GITLAB, BODY, SECRET + "x", SECRET))
        .isEqualTo(Verification.INVALID);
    assertThat(WebhookVerifier.verify(Provider.GITLAB, BODY, GITHUB_EXAMPLE, SECRET))
        .isEqualTo(Verification.INVALID);
  }

  @Test
  void absentOrBlankSignatureShouldBeMissing() {
    for (Provider p : Provider.values()) {
      assertThat(WebhookVerifier.verify(p, BODY, null, SECRET)).isEqualTo(Verification.MISSING);
      assertThat(WebhookVerifier.verify(p, BODY, " ", SECRET)).isEqualTo(Verification.MISSING);
    }
  }
}
