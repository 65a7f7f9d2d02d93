package io.flotilla.gitwatcher.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void githubAndGiteaShouldNameTheRepositorysUrlsAndIgnoreTheSha() {
    byte[] push =
        json(
            """
            {"ref": "refs/heads/main", "after": "9fceb02d0ae598e95dc970b74767f19372d61af8",
             "repository": {"full_name": "acme/apps",
               "clone_url": "https://github.com/acme/apps.git",
               "html_url": "https://github.com/acme/apps",
               "ssh_url": "git@github.com:acme/apps.git"}}
            """);

    for (Provider p : new Provider[] {Provider.GITHUB, Provider.GITEA}) {
      assertThat(WebhookPayloads.repoUrls(p, push))
          .containsExactly(
              "https://github.com/acme/apps.git",
              "https://github.com/acme/apps",
              "git@github.com:acme/apps.git");
    }
  }

  @Test
  void gitlabShouldNameTheProjectsUrls() {
    byte[] push =
        json(
            """
            {"object_kind": "push", "project": {
               "git_http_url": "https://gitlab.example.com/acme/apps.git",
               "git_ssh_url": "git@gitlab.example.com:acme/apps.git",
               "web_url": "https://gitlab.example.com/acme/apps"}}
            """);

    assertThat(WebhookPayloads.repoUrls(Provider.GITLAB, push))
        .containsExactly(
            "https://gitlab.example.com/acme/apps.git",
            "git@gitlab.example.com:acme/apps.git",
            "https://gitlab.example.com/acme/apps");
  }

  @Test
  void genericShouldNameRepoUrl() {
    assertThat(
            WebhookPayloads.repoUrls(
                Provider.GENERIC, json("{\"repoURL\": \" file:///srv/git/apps.git \"}")))
        .containsExactly("file:///srv/git/apps.git");
  }

  @Test
  void payloadOfAnotherProviderShouldNameNothing() {
    assertThat(WebhookPayloads.repoUrls(Provider.GITLAB, json("{\"repository\": {}}"))).isEmpty();
    assertThat(WebhookPayloads.repoUrls(Provider.GENERIC, json("{\"repoURL\": 42}"))).isEmpty();
  }

  @Test
  void malformedJsonShouldSayWhyAndWhere() {
    assertThatThrownBy(() -> WebhookPayloads.repoUrls(Provider.GITHUB, json("{\"repository\": ")))
        .isInstanceOf(WebhookPayloads.MalformedPayload.class)
        .hasMessageStartingWith("the body is not valid JSON: ")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> WebhookPayloads.repoUrls(Provider.GITHUB, json("[1, 2]")))
        .isInstanceOf(WebhookPayloads.MalformedPayload.class)
        .hasMessage("the body must be a JSON object");
    assertThatThrownBy(() -> WebhookPayloads.repoUrls(Provider.GITHUB, json("")))
        .isInstanceOf(WebhookPayloads.MalformedPayload.class)
        .hasMessage("the body must be a JSON object");
  }
}
