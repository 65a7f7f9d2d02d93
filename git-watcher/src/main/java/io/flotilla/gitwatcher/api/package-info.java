/**
 * git-watcher's HTTP API: {@code POST /api/v1/webhooks/{github,gitlab,gitea,generic}} (the push
 * strategy). Thin: verification, payload parsing and rate limiting live in {@code webhook}, the
 * check itself in {@code app.Watcher#checkNow}, the poll's own code. Errors are JSON {@code {error,
 * message}}; never logs a secret or a signature, never trusts a SHA from a payload.
 */
package io.flotilla.gitwatcher.api;
