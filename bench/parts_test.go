package main

import (
	"context"
	"testing"
)

// TestChartsBench runs the chart part once, so a change to what the charts
// need breaks this test rather than the next `go run ./bench`.
func TestChartsBench(t *testing.T) {
	before := len(results)
	if err := benchCharts(1); err != nil {
		t.Fatal(err)
	}
	if got := len(results) - before; got != 3 {
		t.Fatalf("%d chart figures, want 3", got)
	}
}

// TestWebhooksBench runs two rounds of the webhook part on SQLite: every
// batch answered 200 and every event applied once, or it fails.
func TestWebhooksBench(t *testing.T) {
	before := len(results)
	if err := benchWebhooks(context.Background(), "sqlite", "", 2); err != nil {
		t.Fatal(err)
	}
	if got := results[len(results)-1]; len(results) != before+1 || got.n != 40 {
		t.Fatalf("%d figures, the last of %d batches; want 1 of 40", len(results)-before, got.n)
	}
}
