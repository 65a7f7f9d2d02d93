#!/usr/bin/env bash
# Fleet-scale scenarios through a whole platform (deploy/local/platform.sh, bench ports):
# cold fleet sync + resources, no-op resync, one-app change via webhook + writes per changed
# object, scale-out over 1/2/3 applier instances with injected fleet-sim latency.
# Writes bench/results/fleet-{cold-sync,noop,change,scaleout}-<UTC>.json and PNG plots beside them.
#
# usage: bench/fleet/run.sh quick|full [FleetBench options, e.g. --apps 50 --clusters 5]
#   (after: make build, or mvn package -DskipTests; needs psql and git)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
XCHART_VERSION=3.8.8
XCHART=$HOME/.m2/repository/org/knowm/xchart/xchart/$XCHART_VERSION/xchart-$XCHART_VERSION.jar
[[ -f "$XCHART" ]] || mvn -q dependency:get -Dartifact=org.knowm.xchart:xchart:$XCHART_VERSION
CP=$XCHART
for dep in de/erichseifert/vectorgraphics2d/VectorGraphics2D/0.13/VectorGraphics2D-0.13.jar \
  de/rototor/pdfbox/graphics2d/3.0.1/graphics2d-3.0.1.jar \
  com/madgag/animated-gif-lib/1.4/animated-gif-lib-1.4.jar; do
  [[ -f "$HOME/.m2/repository/$dep" ]] && CP=$CP:$HOME/.m2/repository/$dep
done
OUT=$(mktemp -d /tmp/fleetbench-classes.XXXX)
trap 'rm -rf "$OUT"' EXIT
javac -nowarn -cp "$CP" -d "$OUT" bench/fleet/*.java
mode=${1:-quick}
shift || true
case "$mode" in
  quick) preset=(--apps 20 --clusters 3 --reps 10 --scale-apps 20 --scale-clusters 3 --instances 1,2 --latency-ms 20 --tag quick) ;;
  full) preset=(--apps 1000 --clusters 10 --reps 20 --scale-apps 200 --scale-clusters 10 --instances 1,2,3 --latency-ms 20 --timeout-s 1800 --tag full) ;;
  *) echo "usage: bench/fleet/run.sh quick|full [options]" >&2; exit 2 ;;
esac
java -Xmx512m -Djava.awt.headless=true -Dbench.root="$ROOT" -cp "$OUT:$CP" FleetBench "${preset[@]}" "$@"
