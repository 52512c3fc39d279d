#!/usr/bin/env bash
# Runs every test project of the solution against real PostgreSQL and RabbitMQ (started by the tests themselves)
# and ends with one line: "N passed, N failed" summed over all test projects.
# Extra arguments go to `dotnet test`, e.g.  scripts/test.sh --filter "FullyQualifiedName~Gateway"
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh --tests || exit 1

results="TestResults/run-$(date +%s)"
rm -rf TestResults
dotnet build SelbsthilfePlattform.sln -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test SelbsthilfePlattform.sln --no-build -nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0 failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# A crashed test host leaves no failed count behind; it is still a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
exit "$status"
