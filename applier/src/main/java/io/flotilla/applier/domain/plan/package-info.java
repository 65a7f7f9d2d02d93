/**
 * {@code plan}: decide create / configure / keep / reject / prune / retain for each pair and
 * orphan, and order the steps (CRDs, Namespaces, cluster-scoped, namespaced; sync waves; kinds;
 * prunes last in reverse). Pure; it must never call a cluster.
 */
package io.flotilla.applier.domain.plan;
