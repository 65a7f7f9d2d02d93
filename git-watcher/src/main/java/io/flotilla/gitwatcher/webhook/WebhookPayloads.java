package io.flotilla.gitwatcher.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The repositories a webhook call names: GitHub and Gitea {@code repository.{clone_url, html_url,
 * ssh_url}}, GitLab {@code project.{git_http_url, git_ssh_url, web_url}}, generic {@code repoURL}.
 * Whatever else the payload says (SHAs included) is ignored. Pure.
 */
public final class WebhookPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayloads() {}

  /** The body is not JSON, or not a JSON object; the message is the parser's reason. */
  public static final class MalformedPayload extends RuntimeException {
    MalformedPayload(String message) {
      super(message);
    }
  }

  /**
   * @return the URLs the payload names, in payload order, without duplicates; empty when it names
   *     none
   * @throws MalformedPayload when {@code body} is not a JSON object
   */
  public static List<String> repoUrls(Provider provider, byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPayload(
          "the body is not valid JSON: " + e.getOriginalMessage() + location(e));
    } catch (java.io.IOException e) {
      throw new MalformedPayload("the body cannot be read as JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayload("the body must be a JSON object");
    }
    Set<String> urls = new LinkedHashSet<>();
    switch (provider) {
      case GITHUB, GITEA -> add(urls, root.path("repository"), "clone_url", "html_url", "ssh_url");
      case GITLAB -> add(urls, root.path("project"), "git_http_url", "git_ssh_url", "web_url");
      case GENERIC -> add(urls, root, "repoURL");
    }
    return List.copyOf(urls);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static void add(Set<String> urls, JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isTextual() && !value.asText().isBlank()) {
        urls.add(value.asText().trim());
      }
    }
  }
}
