#!/usr/bin/env bash
# git-watcher benchmark (issue 3): the cost of polling REPOS unchanged repositories over smart HTTP,
# and webhook → CommitDetected latency over PUSHES pushes. Starts its own Kafka broker (port below,
# state in a temp dir, stopped at the end) and runs the packaged git-watcher against a JGit HTTP
# server in the driver process. Writes bench/results/git-watcher-<UTC timestamp>.json.
#
# usage: bench/git-watcher/run.sh   (build first: make build, or mvn -pl git-watcher -am package -DskipTests)
# env: BENCH_KAFKA_PORT (39592)  REPOS (1000)  PUSHES (100)  WINDOW (60)
set -euo pipefail
LOG_TAG=bench-watcher
# shellcheck source=../../deploy/local/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../deploy/local/lib.sh"

JAR=$REPO_ROOT/git-watcher/target/quarkus-app/quarkus-run.jar
TESTS_JAR=$(ls "$REPO_ROOT"/fleet/target/fleet-*-tests.jar 2>/dev/null | head -1)
[[ -f "$JAR" && -n "$TESTS_JAR" ]] || die "git-watcher or the fleet test-jar is not built" \
  "build: mvn -pl git-watcher -am package -DskipTests"

STATE=$(mktemp -d /tmp/flotilla-bench-watcher.XXXXXX)
export FLOTILLA_STATE_DIR=$STATE
export KAFKA_PORT=${BENCH_KAFKA_PORT:-39592} KAFKA_CONTROLLER_PORT=$((${BENCH_KAFKA_PORT:-39592} + 1))
cleanup() {
  "$LOCAL_DIR/kafka.sh" stop >/dev/null 2>&1 || true
  rm -rf -- "$STATE"
}
trap cleanup EXIT
"$LOCAL_DIR/kafka.sh" start >/dev/null
say "Kafka on 127.0.0.1:$KAFKA_PORT (state $STATE)"

java -cp "$REPO_ROOT/git-watcher/target/quarkus-app/lib/main/*:$TESTS_JAR" \
  "$REPO_ROOT/bench/git-watcher/WatcherBench.java" \
  "127.0.0.1:$KAFKA_PORT" "$STATE/work" "$JAR" "$REPO_ROOT/bench/results" | sed "s/^/$LOG_TAG: /"
