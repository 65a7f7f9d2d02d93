/**
 * The poll loop: every interval, one {@code ls-remote} (heads and tags) per watched repository —
 * none for apps pinned to a commit, never a fetch unless a SHA moved — then one {@code
 * CommitDetected} per application whose ref names a commit not yet announced, or one {@code
 * WatchFailed} when its ref cannot be read (once per failure, never per poll). A webhook checks one
 * repository the same way, at once ({@code Watcher.checkNow}); checks of one repository never
 * overlap. A moved ref is announced only to the apps whose path changed, to all of them with {@code
 * forced} when the history was rewritten. A failing repository never delays the others. The last
 * announced commit per app is read back from the watch state before the first poll and written
 * after each acknowledged announcement. Never publishes anything that could carry credentials: URLs
 * and reasons go through {@code Urls.redact}.
 */
package io.flotilla.gitwatcher.app;
