// Package faults is slabot's fault suite: the real bot and the real
// `slabot job run` against the Slack emulator and real databases, under the
// failures production sees — a run killed between any two Slack calls,
// Slack answering 5xx, 429 or internal_error or losing its answer, the
// database going away, concurrent writers. `make faults` runs it alone and
// `make test` runs it after the rest. Besides tests it holds only
// WebhookBatch, the concurrent webhook load the benchmark times too.
package faults
