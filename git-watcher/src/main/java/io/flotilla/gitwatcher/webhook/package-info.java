/**
 * The push strategy's pure parts: whether a webhook call is signed with the configured secret
 * ({@link io.flotilla.gitwatcher.webhook.WebhookVerifier}, constant-time), which repositories it
 * names ({@link io.flotilla.gitwatcher.webhook.WebhookPayloads}), how URLs are compared ({@link
 * io.flotilla.gitwatcher.webhook.RepoUrls}) and how often a source may call ({@link
 * io.flotilla.gitwatcher.webhook.RateLimiter}). Never trusts a SHA from a payload, never logs a
 * secret or a signature; no Quarkus, Git or Kafka here.
 */
package io.flotilla.gitwatcher.webhook;
