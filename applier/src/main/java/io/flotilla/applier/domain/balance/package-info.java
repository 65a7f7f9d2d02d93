/**
 * Which applier instance takes which partition of {@code flotilla.desired}: a balanced split of the
 * partitions by the work they carry (the (app, cluster) pairs of the clusters hashed to them), not
 * by their number. Pure functions of the members, the partition weights and who owns what.
 */
package io.flotilla.applier.domain.balance;
