#!/usr/bin/env bash
# Runs a private PostgreSQL instance in the foreground for the AppHost's "local"
# mode (no container runtime). Aspire starts this as an executable, shows its
# output as logs and stops it with SIGTERM/SIGKILL.
#
# Environment (set by the AppHost):
#   PG_DATA_DIR   absolute data directory (created/initialised on first run)
#   PG_PORT       TCP port, bound to 127.0.0.1 only
#   PG_USER       superuser name
#   PG_PASSWORD   superuser password (re-applied on every start, see below)
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

: "${PG_DATA_DIR:?PG_DATA_DIR must be set}"
: "${PG_PORT:?PG_PORT must be set}"
: "${PG_USER:?PG_USER must be set}"
: "${PG_PASSWORD:?PG_PASSWORD must be set}"
[[ "$PG_DATA_DIR" == /* ]] || die "PG_DATA_DIR must be an absolute path (got '$PG_DATA_DIR')"
[[ "$PG_PORT" =~ ^[0-9]+$ ]] || die "PG_PORT must be a number (got '$PG_PORT')"
# A plain identifier keeps the SQL below free of quoting pitfalls.
[[ "$PG_USER" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "PG_USER must be a plain identifier (letters, digits, _)"
# Single-user mode reads SQL line by line, so a newline would split the statement.
[[ "$PG_PASSWORD" != *$'\n'* ]] || die "PG_PASSWORD must not contain newlines"

find_bindir() {
  local d
  # pg_config may come from a newer libpq-dev than the installed server, so
  # only trust it if the server binaries are actually there.
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -x "$d/postgres" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  fi
  # Debian/Ubuntu keep the server binaries off PATH, one directory per major version.
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$d" && -x "$d/postgres" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v postgres)"; return
  fi
  return 1
}

BINDIR="$(find_bindir)" || die "PostgreSQL server binaries (postgres, initdb) not found.
  Install them, e.g. on Debian/Ubuntu: apt-get install postgresql  (or run scripts/install-prerequisites.sh)"

# The server refuses to run as root, so as root we drop to the 'postgres' user.
# setpriv execs its target (no extra process), so after our own `exec` the
# postgres process IS the process Aspire started and gets its signals directly.
AS_PG=()
mkdir -p "$PG_DATA_DIR"
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the unprivileged user 'postgres' (created by the Debian package 'postgresql')"
  command -v setpriv >/dev/null 2>&1 || die "running as root needs 'setpriv' (Debian package 'util-linux')"
  AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  if [[ "$(stat -c %U "$PG_DATA_DIR")" != postgres ]]; then
    chown -R postgres:postgres "$PG_DATA_DIR"
  fi
  ${AS_PG[@]+"${AS_PG[@]}"} test -r "$PG_DATA_DIR" -a -w "$PG_DATA_DIR" -a -x "$PG_DATA_DIR" \
    || die "user 'postgres' cannot reach $PG_DATA_DIR (a parent directory is not traversable, e.g. /root is mode 700).
  Fix: chmod o+x on the parent directories, or put the repository somewhere like /work or /srv, or run as a normal user."
fi
# initdb/postgres insist on 0700 (or 0750) for the data directory.
chmod 700 "$PG_DATA_DIR"
# The server user may not be able to stat our cwd (e.g. /root); it chdirs to the data dir anyway.
cd /

# Unix socket paths are limited to 107 bytes; deep repo paths would break the
# server start, so fall back to a per-port directory under /tmp.
SOCKET_DIR="$PG_DATA_DIR"
if (( ${#SOCKET_DIR} + ${#PG_PORT} + 10 > 107 )); then
  SOCKET_DIR="/tmp/selbsthilfe-pg-$PG_PORT"
  mkdir -p "$SOCKET_DIR"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$SOCKET_DIR"
  chmod 700 "$SOCKET_DIR"
fi

# After a SIGKILL of the postmaster its children notice and exit within moments,
# but until they (and the unreaped postmaster itself) are gone the new server
# refuses to start ("lock file already exists" / "shared memory block is still
# in use"). Wait a few seconds for such leftovers instead of failing.
proc_state() { sed -n 's/^[0-9]* (.*) \([A-Z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null || true; }
wait_for_orphans() {
  local pidfile="$PG_DATA_DIR/postmaster.pid" oldpid real p i busy
  [[ -f "$pidfile" ]] || return 0
  oldpid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  [[ "$oldpid" =~ ^[0-9]+$ ]] || return 0
  # A live postmaster is left for postgres itself to report (clear lock-file error).
  local st; st="$(proc_state "$oldpid")"
  [[ -n "$st" && "$st" != Z ]] && return 0
  real="$(readlink -f "$PG_DATA_DIR")"
  for ((i = 0; i < 100; i++)); do
    busy=0
    [[ -e "/proc/$oldpid" ]] && busy=1
    for p in /proc/[0-9]*; do
      (( busy )) && break
      [[ "$(readlink "$p/cwd" 2>/dev/null || true)" == "$real" ]] && busy=1
    done
    (( busy )) || return 0
    (( i == 0 )) && echo "postgres.sh: waiting for processes of a killed previous server to exit..." >&2
    sleep 0.1
  done
}

if [[ ! -s "$PG_DATA_DIR/PG_VERSION" ]]; then
  echo "postgres.sh: initialising new cluster in $PG_DATA_DIR" >&2
  # initdb reads the password from a file so it never shows up in `ps`.
  PWFILE="$(mktemp /tmp/pg-pwfile.XXXXXX)"
  trap 'rm -f "$PWFILE"' EXIT
  printf '%s\n' "$PG_PASSWORD" > "$PWFILE"
  [[ "$(id -u)" == 0 ]] && chown postgres "$PWFILE"
  LOCALE=C
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && LOCALE=C.UTF-8
  ${AS_PG[@]+"${AS_PG[@]}"} "$BINDIR/initdb" -D "$PG_DATA_DIR" --encoding=UTF8 --locale="$LOCALE" \
    --auth=scram-sha-256 --username="$PG_USER" --pwfile="$PWFILE" --no-instructions
  rm -f "$PWFILE"
  trap - EXIT
else
  wait_for_orphans
  # PG_USER/PG_PASSWORD only reach the cluster via initdb, so a changed AppHost
  # password (e.g. regenerated user secrets) would lock us out of our own data.
  # Re-apply them in single-user mode (no network, ~0.1s). stdout is discarded
  # and failing statements are not logged, so the password never hits the logs.
  sql_pass="${PG_PASSWORD//\'/\'\'}"
  {
    printf 'DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\''%s'\'') THEN CREATE ROLE "%s" SUPERUSER LOGIN; END IF; END$$\n' "$PG_USER" "$PG_USER"
    printf 'ALTER ROLE "%s" WITH PASSWORD '\''%s'\''\n' "$PG_USER" "$sql_pass"
  } | ${AS_PG[@]+"${AS_PG[@]}"} "$BINDIR/postgres" --single -D "$PG_DATA_DIR" \
        -c listen_addresses= -c unix_socket_directories= \
        -c log_min_messages=warning -c log_min_error_statement=panic \
        postgres >/dev/null \
    || echo "postgres.sh: warning: could not re-apply role/password for $PG_USER" >&2
fi

# Dev settings: loopback only, enough connections for several services with
# pools, logs to stderr so Aspire shows them. PostgreSQL's own defaults (128 MB
# of buffers, a checkpoint every 1 GB of WAL) suit a tiny machine: a directory of
# 100,000 listings (~400 MB with indexes) did not fit, and a federation import of
# it wrote its pages back and forth (46 s instead of 50 s for the whole import).
exec ${AS_PG[@]+"${AS_PG[@]}"} "$BINDIR/postgres" -D "$PG_DATA_DIR" -p "$PG_PORT" \
  -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$SOCKET_DIR" \
  -c max_connections=200 \
  -c shared_buffers=512MB \
  -c max_wal_size=4GB \
  -c logging_collector=off \
  -c log_destination=stderr \
  -c log_line_prefix='%m [%p] %q%u@%d ' \
  -c log_min_duration_statement=1000
