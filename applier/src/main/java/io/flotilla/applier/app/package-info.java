/**
 * The applier's use cases: sync one {@code DesiredState} to its cluster, record a {@code
 * RenderFailed}, keep the per (app, cluster) state the REST API shows, and run syncs per cluster in
 * order over a bounded pool.
 *
 * <p>A sync is {@code prepare → read live → pair → diff → plan} (pure, in {@code domain}) and then
 * {@link io.flotilla.applier.app.SyncExecutor}, the only code that calls a cluster, through the
 * {@link io.flotilla.applier.app.ClusterClient} port. Nothing here knows Kafka or fabric8.
 *
 * <p><b>Parallelism and order.</b> {@link io.flotilla.applier.app.ClusterLanes} gives every (app,
 * cluster) a serial lane over one shared pool of {@code FLOTILLA_APPLY_PARALLELISM} threads: the
 * syncs of one app on one cluster run strictly in arrival order, one at a time; other apps run in
 * parallel, at most {@code FLOTILLA_CLUSTER_MAX_IN_FLIGHT} on one cluster, so a slow cluster holds
 * only that many threads. Lanes are not per Kafka partition, so a slow cluster does not hold up the
 * other clusters that hash to its partition (SmallRye's per-partition {@code concurrency} would). A
 * lane moves on only when the previous task's stage completed, i.e. after its {@code SyncCompleted}
 * was acknowledged by Kafka.
 */
package io.flotilla.applier.app;
