#!/usr/bin/env bash
# Runs every test of slabot: vet, the unit and storage suites on SQLite and
# PostgreSQL, the end-to-end tests against the Slack emulator, the fault
# suite (internal/faults: runs killed at every step, Slack failures on every
# call, the database stopped under the bot, concurrent writers), and short
# fuzz runs of the command parser, the dispatcher, the value parsers and the
# webhook.
# `make test` and .ci/run call this; `make faults` calls it with `faults`,
# to run the fault suite alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres
export SLABOT_REQUIRE_POSTGRES=1 # a missing PostgreSQL fails the tests, never skips them

faults() {
  # Alone, after the rest: its runs wait on leases and on Slack, and are
  # timed against Slack's 3 s and the webhook's 1 s. Its outage test starts a
  # throwaway PostgreSQL of its own (initdb, pg_ctl) to stop and start.
  echo "test: the fault suite (internal/faults)" >&2
  go test -count=1 -timeout 20m ./internal/faults
}
if [ "${1:-}" = faults ]; then
  faults
  echo "test: fault suite passed" >&2
  exit 0
fi

FUZZTIME=${FUZZTIME:-20000x} # a fixed count of executions: a loaded machine cannot make it fail
echo "test: gofmt and go vet" >&2
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi
go vet ./...
echo "test: go test ./... (but the fault suite)" >&2
go test -count=1 -timeout 20m $(go list ./... | grep -v '/internal/faults$')
faults
echo "test: fuzzing $FUZZTIME each" >&2
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$FUZZTIME" ./commands
go test -run '^$' -fuzz '^FuzzHandle$' -fuzztime "$FUZZTIME" ./commands
go test -run '^$' -fuzz '^FuzzReadForm$' -fuzztime "$FUZZTIME" ./commands
go test -run '^$' -fuzz '^FuzzWebhookEvents$' -fuzztime "$FUZZTIME" ./ingest
go test -run '^$' -fuzz '^FuzzHubSpotValues$' -fuzztime "$FUZZTIME" ./ingest
go test -run '^$' -fuzz '^FuzzHubSpotEvents$' -fuzztime "$FUZZTIME" ./ingest
for f in FuzzParseMoney FuzzParseTime FuzzParseValues FuzzParsePeriod; do
  go test -run '^$' -fuzz "^$f\$" -fuzztime "$FUZZTIME" ./sla
done
echo "test: all passed" >&2
