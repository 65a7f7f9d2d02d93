#!/usr/bin/env bash
# Applier sync-path benchmark: SyncService → per-cluster budget/retries → fabric8 → fleet-sim, in
# one JVM, without Kafka (applier/src/test/java/io/flotilla/applier/kube/SyncBench.java).
# Measures, for BENCH_APPS apps × BENCH_CLUSTERS clusters × 4 objects (one thread per cluster, as
# the applier's lanes run them): cold sync, one changed object per app (writes per changed
# object), a no-op resync (writes, reads per sync, syncs/s). Writes
# bench/results/applier-sync-<UTC timestamp>.json.
#
# usage: bench/applier/sync.sh   (after: mvn -pl applier -am install -DskipTests)
# env: BENCH_APPS (100)  BENCH_CLUSTERS (10)  BENCH_LATENCY_MS (0)  BENCH_QPS (50)  BENCH_BURST (100)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
mvn -o -q -pl applier test -Dtest=SyncBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.apps="${BENCH_APPS:-100}" -Dbench.clusters="${BENCH_CLUSTERS:-10}" \
  -Dbench.latencyMs="${BENCH_LATENCY_MS:-0}" -Dbench.qps="${BENCH_QPS:-50}" \
  -Dbench.burst="${BENCH_BURST:-100}" -Dbench.out="$ROOT/bench/results" \
  -DargLine="-Dbench.apps=${BENCH_APPS:-100} -Dbench.clusters=${BENCH_CLUSTERS:-10} -Dbench.latencyMs=${BENCH_LATENCY_MS:-0} -Dbench.qps=${BENCH_QPS:-50} -Dbench.burst=${BENCH_BURST:-100} -Dbench.out=$ROOT/bench/results" \
  | grep '^BENCH' || true
