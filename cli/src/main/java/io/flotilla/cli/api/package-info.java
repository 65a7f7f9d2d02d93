/**
 * The applier's and the auditor's REST APIs over HTTP. Tolerant readers: unknown fields are carried
 * along, never rejected. Every failure becomes a {@code CliException} naming the server, its URL
 * and what to check; a token never appears in a message.
 */
package io.flotilla.cli.api;
