/**
 * The only code that talks to Git. {@link io.flotilla.fleet.git.GitMirror} keeps one bare mirror
 * per repository URL, answers {@code ls-remote} without fetching, fetches only when asked, and
 * reads commits and trees at exact SHAs. It never writes to a remote.
 */
package io.flotilla.fleet.git;
