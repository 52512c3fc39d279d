#!/usr/bin/env bash
# Brings the whole platform up: PostgreSQL, RabbitMQ, the four services, the gateway, the mail sink and the Aspire
# dashboard. Installs what is missing first. Extra arguments go to the AppHost, e.g.
#   scripts/up.sh --Infrastructure:Mode=Local --Gateway:Port=9090
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

gateway_port=8080
for arg in "$@"; do
  case "$arg" in --Gateway:Port=*) gateway_port="${arg#*=}" ;; esac
done

cat <<BANNER
Starting Selbsthilfe-Plattform (first start builds and initialises the databases: allow a minute or two).
  Gateway:    http://localhost:${gateway_port}   (e.g. curl http://localhost:${gateway_port}/api/directory/offices)
  Dashboard:  http://localhost:18888   (log in with the link printed below: "Login to the dashboard at ...")
  Stop with Ctrl+C; data stays in .data/ for the next start.
BANNER

exec dotnet run --project AppHost --launch-profile http -- "$@"
