/**
 * {@code flotilla diff}: what a sync of an app at a ref would do, per cluster. The comparison
 * ({@code Compare}, {@code Redact}, {@code LineDiff}, {@code Previewer}, {@code Reports}) is pure;
 * {@code GitSide} (fleet and app repositories, rendering with the renderer's classes) and {@code
 * KubeLive} (fabric8, GETs only) are the two adapters. Must never write to a cluster and never
 * print a Secret value.
 */
package io.flotilla.cli.preview;
