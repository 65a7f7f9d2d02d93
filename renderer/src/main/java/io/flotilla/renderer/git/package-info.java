/**
 * The renderer's Git adapter: the fleet, read once at start-up from the fleet repo, and an
 * application's files at an exact commit, both through the shared {@link
 * io.flotilla.fleet.git.GitMirror} (one bare mirror per repository, fetched only when a commit is
 * missing). Never writes to a remote; never lets a credential into a message.
 */
package io.flotilla.renderer.git;
