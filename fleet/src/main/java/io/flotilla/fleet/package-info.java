/**
 * The fleet: which clusters exist and which applications target them, as declared in the fleet repo
 * ({@code clusters/*.yaml}, {@code apps/*.yaml}). Parsing and selector matching are pure functions
 * over file contents; reading the repo is {@link io.flotilla.fleet.git.GitMirror}'s job. Nothing
 * here ever holds a credential: clusters and repos name credentials, they never carry them.
 */
package io.flotilla.fleet;
