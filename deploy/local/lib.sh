# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh. Source it, do not run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The sourcing script sets LOG_TAG (e.g. "kafka") before calling say/warn/die.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "lib.sh is a library: source it from deploy/local/*.sh, do not run it" >&2
  exit 2
fi

# Nothing fails silently: a command that fails outside an if/||/&& (which set -e turns into an
# exit) names itself on stderr. Deliberate exits (die, exit N) do not trigger this.
set -o errtrace
trap 'printf "%s: error: unexpected failure (exit %d) at %s:%d: %s\n" "${LOG_TAG:-flotilla}" "$?" \
  "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

# --- locations --------------------------------------------------------------------------

# deploy/local, resolved through symlinks.
LOCAL_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)
# The repository root is two levels up from deploy/local. This does not need git (CI runs
# from a fresh clone in another folder, and an exported tree works too).
REPO_ROOT=$(cd "$LOCAL_DIR/../.." && pwd -P)
# Where every local service keeps its data, logs and pid files. Absolute from here on.
FLOTILLA_STATE_DIR=$(realpath -m -- "${FLOTILLA_STATE_DIR:-$REPO_ROOT/.flotilla/run}")
export FLOTILLA_STATE_DIR

# --- output -----------------------------------------------------------------------------

LOG_TAG=${LOG_TAG:-flotilla}

# One line of progress on stdout.
say() { printf '%s: %s\n' "$LOG_TAG" "$*"; }
# A warning on stderr; the script goes on.
warn() { printf '%s: warning: %s\n' "$LOG_TAG" "$*" >&2; }
# An error on stderr, then exit. Usage: die "what went wrong" ["what to do"...]; exit code from
# DIE_CODE (default 1). Each extra argument is printed on its own indented line.
die() {
  printf '%s: error: %s\n' "$LOG_TAG" "$1" >&2
  shift
  local line
  for line in "$@"; do printf '%s:   %s\n' "$LOG_TAG" "$line" >&2; done
  exit "${DIE_CODE:-1}"
}

# Milliseconds since the epoch, and a "1.234 s" rendering of an interval.
now_ms() { date +%s%3N; }
elapsed_since() { # start_ms
  local ms=$(($(now_ms) - $1))
  printf '%d.%03d s' $((ms / 1000)) $((ms % 1000))
}

# --- argument checks --------------------------------------------------------------------

# require_port NAME VALUE: dies unless VALUE is a TCP port number.
require_port() {
  if ! [[ "$2" =~ ^[0-9]+$ ]] || ((10#$2 < 1 || 10#$2 > 65535)); then
    die "$1 must be a TCP port number (1-65535), got '$2'"
  fi
}

# require_cmd CMD [hint]: dies when CMD is not on PATH.
require_cmd() {
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' is not installed or not on PATH" "${2:-install it and try again}"
}

# --- processes --------------------------------------------------------------------------

# pid_alive PID: true when a process with that id exists (zombies excluded).
pid_alive() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
  [[ "$state" != Z ]]
}

# pid_file_read FILE: prints the pid stored in FILE (first line), fails when there is none.
pid_file_read() {
  [[ -s "$1" ]] || return 1
  local pid
  pid=$(head -n 1 -- "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

# pid_cmdline_has PID NEEDLE: true when the process's command line contains NEEDLE. Guards
# against a recycled pid that now belongs to some unrelated process.
pid_cmdline_has() {
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$2"* ]]
}

# pid_file_live FILE NEEDLE: prints the pid from FILE when that process is alive and its
# command line contains NEEDLE; otherwise fails (the pid file is left alone).
pid_file_live() {
  local pid
  pid=$(pid_file_read "$1") || return 1
  pid_alive "$pid" && pid_cmdline_has "$pid" "$2" || return 1
  printf '%s\n' "$pid"
}

# pid_file_clean_stale FILE NEEDLE: removes FILE when it names no live matching process.
pid_file_clean_stale() {
  [[ -e "$1" ]] || return 0
  if ! pid_file_live "$1" "$2" >/dev/null; then
    say "removing stale pid file $1 (pid $(pid_file_read "$1" || echo '?') is not running)"
    rm -f -- "$1"
  fi
}

# stop_pid PID WHAT [TIMEOUT_S]: SIGTERM, wait up to TIMEOUT_S (default 30), then SIGKILL.
stop_pid() {
  local pid=$1 what=$2 timeout=${3:-30} start_ms deadline
  start_ms=$(now_ms)
  say "stopping $what (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$what (pid $pid) still running after ${timeout} s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  say "stopped $what in $(elapsed_since "$start_ms")"
}

# --- network ----------------------------------------------------------------------------

# port_open HOST PORT: true when something accepts TCP connections there (1 s timeout).
port_open() {
  # shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_S [PID]: waits until HOST:PORT accepts connections. Fails
# after TIMEOUT_S, or as soon as PID (when given) has exited.
wait_for_port() {
  local host=$1 port=$2 timeout=$3 pid=${4:-} deadline=$((SECONDS + $3))
  until port_open "$host" "$port"; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then return 1; fi
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# --- files ------------------------------------------------------------------------------

# with_lock FILE: serialises this script against others using the same lock file (for
# example two `start`s run in parallel by make -j). Holds fd 9 until the script exits;
# anything started in the background must be launched with 9>&- so it does not inherit it.
with_lock() {
  require_cmd flock "it comes with util-linux (apt-get install util-linux)"
  mkdir -p -- "$(dirname -- "$1")"
  exec 9>>"$1"
  if ! flock -n 9; then
    say "waiting for another ${LOG_TAG} command on the same state dir to finish ($1)"
    flock -w 180 9 || die "could not get the lock $1 within 180 s" \
      "another deploy/local command is stuck; find it with: fuser -v $1"
  fi
}

# render_template SRC DEST KEY=VALUE...: copies SRC to DEST replacing each @KEY@ with VALUE.
render_template() {
  local src=$1 dest=$2 pair key value content
  shift 2
  content=$(<"$src")
  for pair in "$@"; do
    key=${pair%%=*}
    value=${pair#*=}
    content=${content//@"$key"@/"$value"}
  done
  if [[ "$content" =~ @[A-Z_]+@ ]]; then
    die "template $src still has a placeholder after rendering: ${BASH_REMATCH[0]}"
  fi
  printf '%s\n' "$content" >"$dest.tmp" && mv -f -- "$dest.tmp" "$dest"
}

# tail_log FILE [LINES]: prints the last lines of a log on stderr, framed, for error reports.
tail_log() {
  local lines=${2:-40}
  if [[ -s "$1" ]]; then
    printf '%s: ---- last %d lines of %s ----\n' "$LOG_TAG" "$lines" "$1" >&2
    tail -n "$lines" -- "$1" >&2
    printf '%s: ---- end of %s ----\n' "$LOG_TAG" "$1" >&2
  else
    printf '%s: (log %s is empty or missing)\n' "$LOG_TAG" "$1" >&2
  fi
}
