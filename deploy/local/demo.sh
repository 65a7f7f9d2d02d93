#!/usr/bin/env bash
# `make demo`: the platform end to end on embedded defaults (see e2e/.../Demo.java). Expects the
# modules packaged (`make build`, which `make demo` runs first).
set -euo pipefail
LOG_TAG=demo
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jar=$REPO_ROOT/e2e/target/flotilla-e2e.jar
[[ -f "$jar" ]] || die "$jar is missing" "build first: make build"
require_cmd java "install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
export FLOTILLA_REPO_ROOT=$REPO_ROOT
exec java -jar "$jar"
