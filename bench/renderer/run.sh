#!/usr/bin/env bash
# Renderer benchmark (issue 4): renders/s of the plain, Kustomize and Helm fixtures, cold and warm
# cache, and a commit touching 1 of APPS apps in a monorepo. Runs the renderer's use case in-process
# (no Kafka needed) against real Git repositories made in a temp dir, kubectl's Kustomize and Helm.
# Writes bench/results/render-<UTC timestamp>.json.
#
# usage: bench/renderer/run.sh   (build first: mvn -pl renderer -am package -DskipTests)
# env: ITERATIONS (30)  APPS (1000)  RENDER_CONCURRENCY (4)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
LIB=$ROOT/renderer/target/quarkus-app
[[ -d "$LIB/lib/main" ]] || { echo "renderer is not built: mvn -pl renderer -am package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d /tmp/flotilla-bench-render.XXXXXX)
trap 'rm -rf -- "$WORK"' EXIT
java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Djna.tmpdir="$WORK/jna" -cp "$LIB/app/*:$LIB/lib/main/*:$LIB/lib/boot/*" \
  "$ROOT/bench/renderer/RenderBench.java" \
  "$ROOT/renderer/src/test/resources/cases" "$WORK" "$ROOT/bench/results" | sed 's/^/bench-render: /'
