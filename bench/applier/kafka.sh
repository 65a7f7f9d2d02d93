#!/usr/bin/env bash
# Applier through Kafka (applier/src/test/java/io/flotilla/applier/KafkaBench.java): packaged
# applier instances (child processes, one consumer group) sync BENCH_APPS x BENCH_CLUSTERS desired
# states of 4 objects published at once to flotilla.desired; fleet-sim runs in the driver JVM with
# BENCH_LATENCY_MS per response. Timed from the first send to the last SyncCompleted read back,
# once per instance count in BENCH_INSTANCES, each time with empty clusters and a fresh group.
# Figures: syncs_per_second_<n>, scaleout_speedup_2 (when 1 and 2 were run), applier_rss_mb
# (peak RSS, VmHWM from /proc, of the single instance). Writes bench/results/<scenario>-<UTC>.json.
#
# usage: bench/applier/kafka.sh   (after: mvn -pl applier -am install -DskipTests)
# env: KAFKA_BOOTSTRAP (127.0.0.1:19092; a broker with Flotilla's topics)
#      BENCH_APPS (100) BENCH_CLUSTERS (10) BENCH_LATENCY_MS (20) BENCH_INSTANCES (1,2)
#      BENCH_JAVA_OPTS (the services' options in deploy/local/platform.sh) BENCH_SCENARIO (applier-kafka)
#      MALLOC_ARENA_MAX (2, as deploy/local/platform.sh; inherited by the applier instances)
#      BENCH_CONFIG (extra applier settings, key=value,key=value; e.g. flotilla.apply.parallelism=16)
#      BENCH_DRIVER_HEAP (-Xmx1g: fleet-sim holds every object)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[[ -f applier/target/quarkus-app/quarkus-run.jar ]] ||
  { echo "applier/target/quarkus-app/quarkus-run.jar missing: mvn -pl applier -am install -DskipTests" >&2; exit 1; }
JAVA_OPTS_DEFAULT=$(sed -n 's/^JAVA_OPTS_DEFAULT="\(.*\)"$/\1/p' deploy/local/platform.sh)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
PROPS="-Dbench.apps=${BENCH_APPS:-100} -Dbench.clusters=${BENCH_CLUSTERS:-10} -Dbench.latencyMs=${BENCH_LATENCY_MS:-20} -Dbench.instances=${BENCH_INSTANCES:-1,2} -Dbench.scenario=${BENCH_SCENARIO:-applier-kafka} -Dbench.out=$ROOT/bench/results"
mvn -o -q -pl applier surefire:test -Dtest=KafkaBench -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="${BENCH_DRIVER_HEAP:--Xmx1g} $PROPS '-Dbench.javaOpts=${BENCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}' '-Dbench.config=${BENCH_CONFIG:-}'" \
  | grep '^BENCH' || true
