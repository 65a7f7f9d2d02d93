/**
 * Rendering as pure functions: repository files in, Kubernetes objects (or one failure naming file
 * and line) out, then the plan of which events go to which clusters. Deterministic: the same files
 * always give the same resources and the same bundle hash.
 *
 * <p>Never does I/O, reads the clock or logs. It depends on {@code java.*}, the {@code events}
 * contracts, and two parser libraries (SnakeYAML for YAML streams, Jackson for JSON): they turn
 * text into values and touch nothing outside the process, and the line numbers they report are part
 * of what users see.
 */
package io.flotilla.renderer.domain;
