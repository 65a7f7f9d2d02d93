package io.flotilla.gitwatcher.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoUrlsTest {

  @ParameterizedTest
  @CsvSource({
    "https://github.com/acme/apps.git, https://github.com/acme/apps",
    "https://GitHub.COM/acme/apps/, https://github.com/acme/apps",
    "HTTPS://bob:s3cret@github.com/acme/apps.git/, https://github.com/acme/apps",
    "git@github.com:acme/apps.git, ssh://github.com/acme/apps",
    "ssh://git@github.com/acme/apps.git, ssh://github.com/acme/apps",
    "file:///srv/git/apps.git/, file:///srv/git/apps",
    "file:/srv/git/apps/.git/, file:///srv/git/apps",
  })
  void shouldIgnoreCaseOfSchemeAndHostCredentialsAndTrailingGitOrSlash(String url, String same) {
    assertThat(RepoUrls.same(url, same)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "https://github.com/acme/apps, https://github.com/acme/other",
    "https://github.com/acme/Apps, https://github.com/acme/apps",
    "https://github.com/acme/apps, http://github.com/acme/apps",
    "https://github.com/acme/apps, https://gitlab.com/acme/apps",
  })
  void pathsSchemesAndHostsShouldStillDiffer(String url, String other) {
    assertThat(RepoUrls.same(url, other)).isFalse();
  }
}
