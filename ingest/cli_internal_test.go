package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	clock := start
	var buf bytes.Buffer
	var read atomic.Int64
	p := &progress{w: &buf, size: 1000, read: &read, now: func() time.Time { return clock }, start: start}

	// 2 s in, 5,000 rows and half the file: 2,500 rows/s, the other half
	// takes another 2 s.
	clock = clock.Add(2 * time.Second)
	read.Store(500)
	p.update(5000)
	// 100 ms later: too soon to redraw.
	clock = clock.Add(100 * time.Millisecond)
	p.update(5100)
	clock = clock.Add(1900 * time.Millisecond)
	p.done(10000)
	want := "\r\033[K5000 rows  2500 rows/s  50%  ETA 2s" + "\r\033[K10000 rows in 4s\n"
	if buf.String() != want {
		t.Fatalf("progress = %q, want %q", buf.String(), want)
	}
}

func TestProgressWithoutSize(t *testing.T) {
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	var read atomic.Int64
	read.Store(300)
	p := &progress{w: &buf, size: -1, read: &read, now: func() time.Time { return start.Add(4 * time.Second) }, start: start}
	p.update(1000) // standard input: no size, no ETA
	if want := "\r\033[K1000 rows  250 rows/s"; buf.String() != want {
		t.Fatalf("progress = %q, want %q", buf.String(), want)
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Fatal("a buffer is not a terminal")
	}
}

// The spool keeps the order of the lines whether they stayed in memory or
// went to a temporary file.
func TestSpool(t *testing.T) {
	for _, n := range []int{3, 40000} { // 40,000 lines of ~30 bytes spill past 1 MiB
		s := newSpool()
		var want strings.Builder
		for i := 0; i < n; i++ {
			line := fmt.Sprintf("line %d: reason number %d", i+2, i)
			s.Add(line)
			want.WriteString(line + "\n")
		}
		if spilled := s.file != nil; spilled != (n > 3) {
			t.Fatalf("%d lines: spilled = %v", n, spilled)
		}
		var out bytes.Buffer
		if err := s.Flush(&out); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if out.String() != want.String() {
			t.Fatalf("%d lines: output differs (%d bytes, want %d)", n, out.Len(), want.Len())
		}
	}
}
