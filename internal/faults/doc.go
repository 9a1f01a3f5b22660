// Package faults is slabot's fault suite: the real bot and the real
// `slabot job run` against the Slack emulator and real databases, under the
// failures production sees — a run killed between any two Slack calls,
// Slack answering 5xx, 429 or internal_error or losing its answer, the
// database going away, concurrent writers. It holds tests only; `make
// faults` runs it alone and `make test` runs it after the rest.
package faults
