#!/usr/bin/env bash
# Runs every test of slabot: vet, the unit and storage suites on SQLite and
# PostgreSQL, the end-to-end tests against the Slack emulator, and short
# fuzz runs of the command parser, the dispatcher, the value parsers and the
# webhook.
# `make test` and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres
export SLABOT_REQUIRE_POSTGRES=1 # a missing PostgreSQL fails the tests, never skips them

FUZZTIME=${FUZZTIME:-20000x} # a fixed count of executions: a loaded machine cannot make it fail
echo "test: gofmt and go vet" >&2
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi
go vet ./...
echo "test: go test ./..." >&2
go test -count=1 -timeout 20m ./...
echo "test: fuzzing $FUZZTIME each" >&2
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$FUZZTIME" ./commands
go test -run '^$' -fuzz '^FuzzHandle$' -fuzztime "$FUZZTIME" ./commands
go test -run '^$' -fuzz '^FuzzWebhookEvents$' -fuzztime "$FUZZTIME" ./ingest
go test -run '^$' -fuzz '^FuzzHubSpotValues$' -fuzztime "$FUZZTIME" ./ingest
go test -run '^$' -fuzz '^FuzzHubSpotEvents$' -fuzztime "$FUZZTIME" ./ingest
for f in FuzzParseMoney FuzzParseTime FuzzParseValues; do
  go test -run '^$' -fuzz "^$f\$" -fuzztime "$FUZZTIME" ./sla
done
echo "test: all passed" >&2
