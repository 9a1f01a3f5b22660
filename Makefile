.PHONY: test faults run demo build bench

# Every test, on SQLite and PostgreSQL (started if needed), the fault suite,
# plus short fuzz runs.
test:
	./scripts/test.sh

# The fault suite alone (internal/faults), on SQLite and PostgreSQL.
faults:
	./scripts/test.sh faults

# The bot on the embedded SQLite default (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN).
run:
	go run ./cmd/slabot

# Try it without Slack.
demo:
	go run ./cmd/slabot demo --seed

build:
	go build -o slabot ./cmd/slabot

# Performance figures (see README, Performance).
bench:
	go run ./bench
