#!/usr/bin/env bash
# Makes sure the local dev prerequisites exist. Safe to run repeatedly.
#
# With a working container runtime the AppHost runs PostgreSQL and RabbitMQ as
# containers and nothing else is needed. Without one it starts them as local
# executables (AppHost/local/*.sh), which needs the server binaries installed.
set -euo pipefail

say() { echo "install-prerequisites: $*"; }

check_dotnet() {
  local v
  v="$(dotnet --version 2>/dev/null || true)"
  if [[ "$v" == 10.* ]]; then
    say ".NET SDK $v ok"
  else
    say "WARNING: .NET SDK 10 is required (found: ${v:-none}). Install it from https://dot.net/download"
  fi
}

# A runtime that is installed but whose daemon is down/hung must not count, so
# ask it for real and give up quickly.
container_runtime() {
  local rt
  for rt in docker podman; do
    if command -v "$rt" >/dev/null 2>&1 && timeout 5 "$rt" info >/dev/null 2>&1; then
      echo "$rt"; return 0
    fi
  done
  return 1
}

have_postgres() {
  local bindir="" sharedir=""
  if command -v pg_config >/dev/null 2>&1; then
    bindir="$(pg_config --bindir 2>/dev/null || true)"
    sharedir="$(pg_config --sharedir 2>/dev/null || true)"
  fi
  # Same lookup order as AppHost/local/postgres.sh.
  if [[ ! -x "$bindir/postgres" || ! -x "$bindir/initdb" ]]; then
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
  if [[ ! -x "$bindir/postgres" || ! -x "$bindir/initdb" ]]; then
    command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 || return 1
  fi
  # The schema needs pg_trgm, unaccent, cube and earthdistance (contrib).
  local ext
  for ext in pg_trgm unaccent cube earthdistance; do
    [[ -n "$sharedir" && -f "$sharedir/extension/$ext.control" ]] && continue
    compgen -G "/usr/share/postgresql/*/extension/$ext.control" >/dev/null || return 1
  done
}

have_rabbitmq() {
  # Debian's /usr/sbin/rabbitmq-server wrapper does not count; we need the real script.
  compgen -G "/usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin/rabbitmq-server" >/dev/null && return 0
  local s; s="$(command -v rabbitmq-server 2>/dev/null || true)"
  [[ -n "$s" && "$s" != /usr/sbin/rabbitmq-server ]]
}

check_dotnet

# With --tests: the tools the test suite uses besides the servers. The calendar tests read our ICS feeds with an
# independent parser (Python's icalendar with dateutil, from Debian's packages; /usr/bin/python3 is Debian's).
if [[ "${1:-}" == "--tests" ]]; then
  if ! /usr/bin/python3 -c "import icalendar, dateutil" >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      say "installing: python3-icalendar"
      APT_SUDO=()
      [[ "$(id -u)" != 0 ]] && APT_SUDO=(sudo)
      ${APT_SUDO[@]+"${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      ${APT_SUDO[@]+"${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-icalendar >/dev/null
    else
      say "WARNING: the calendar tests need Python 3 with icalendar and dateutil at /usr/bin/python3."
    fi
  fi
  # The web tests drive Debian's chromium by its path (Playwright downloads no browser of its own).
  if [[ ! -x /usr/bin/chromium ]]; then
    if command -v apt-get >/dev/null 2>&1; then
      say "installing: chromium"
      APT_SUDO=()
      [[ "$(id -u)" != 0 ]] && APT_SUDO=(sudo)
      ${APT_SUDO[@]+"${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      ${APT_SUDO[@]+"${APT_SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
      say "WARNING: the web tests need Chromium at /usr/bin/chromium."
    fi
  fi
fi

if rt="$(container_runtime)"; then
  say "$rt is available - PostgreSQL and RabbitMQ will run as containers."
  exit 0
fi
say "no container runtime answering - using local PostgreSQL/RabbitMQ executables."

missing=()
have_postgres || missing+=(postgresql)
have_rabbitmq || missing+=(rabbitmq-server)

if (( ${#missing[@]} == 0 )); then
  say "PostgreSQL and RabbitMQ are installed."
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "ERROR: missing ${missing[*]} and no apt-get on this system. Please install:"
  say "  - PostgreSQL 15+ server including contrib (pg_trgm, unaccent, cube, earthdistance)"
  say "  - RabbitMQ 3.10+ server"
  say "or install Docker/Podman to run them as containers."
  exit 1
fi

SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { say "ERROR: need root or sudo to install: ${missing[*]}"; exit 1; }
  SUDO=(sudo)
fi

say "installing: ${missing[*]}"
# Without systemd the packages' postinst cannot start their system services;
# if it can, that is harmless: our instances use their own ports and data dirs.
${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

have_postgres || { say "ERROR: PostgreSQL server/contrib still missing after install."; exit 1; }
have_rabbitmq || { say "ERROR: RabbitMQ server still missing after install."; exit 1; }
say "done."
