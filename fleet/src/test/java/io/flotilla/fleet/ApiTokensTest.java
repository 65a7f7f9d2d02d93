package io.flotilla.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {
  private static final String ALICE_TOKEN = "0123456789abcdef0123";

  @Test
  void shouldIdentifyBearerTokenAndRefuseOthers() {
    ApiTokens tokens =
        ApiTokens.parse(
            "tokens", "# operators\n" + ALICE_TOKEN + " alice\n\nfedcba9876543210 ci-bot\n");

    assertThat(tokens.identify("Bearer " + ALICE_TOKEN)).contains("alice");
    assertThat(tokens.identify("Bearer fedcba9876543210")).contains("ci-bot");
    assertThat(tokens.identify("Bearer " + ALICE_TOKEN + "x")).isEmpty();
    assertThat(tokens.identify(ALICE_TOKEN)).isEmpty();
    assertThat(tokens.identify(null)).isEmpty();
  }

  @Test
  void malformedLineShouldNameFileAndLineButNeverTheToken() {
    assertThatThrownBy(() -> ApiTokens.parse("/etc/flotilla/tokens", "\nsupersecrettoken1234\n"))
        .hasMessage("/etc/flotilla/tokens line 2: expected '<token> <identity>'")
        .hasMessageNotContaining("supersecret");
    assertThatThrownBy(() -> ApiTokens.parse("t", "short alice"))
        .hasMessageContaining("shorter than 16");
  }
}
