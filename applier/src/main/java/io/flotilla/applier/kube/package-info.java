/**
 * The Kubernetes adapter: one fabric8 client per fleet cluster, built from its kubeconfig file in
 * {@code FLOTILLA_CREDENTIALS_DIR}; the {@link io.flotilla.applier.app.ClusterClient} port over
 * generic resources and server-side apply (field manager {@code flotilla}); and a readiness check
 * per cluster.
 *
 * <p>It must never put a kubeconfig's content, a token or a key into a log line, an event, a health
 * response or an error message: errors name the credential file and the API server URL, and
 * otherwise carry the API server's own status message or the exception type. A cluster that cannot
 * be set up is reported (health DOWN, failed syncs); it never stops the service.
 */
package io.flotilla.applier.kube;
