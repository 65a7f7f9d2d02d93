/**
 * The renderer's use case: a commit of an application comes in, its manifests are read at that
 * exact commit, rendered, and one event per target cluster goes out. Talks to the outside only
 * through its ports ({@link io.flotilla.renderer.app.FleetView}, {@link
 * io.flotilla.renderer.app.ManifestSource}, {@link io.flotilla.renderer.app.DesiredPublisher}); the
 * rendering itself is {@code domain}. It must never return before every event it produced is
 * acknowledged by Kafka, because the consumer commits the commit's offset as soon as it returns.
 */
package io.flotilla.renderer.app;
