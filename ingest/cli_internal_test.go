package ingest

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// TestImportBar: the bar counts rows and estimates the file's total from
// the bytes read; on standard input it only counts. The rendering (rate,
// ETA) is the library's and depends on the clock, so only the figures
// behind it are checked here.
func TestImportBar(t *testing.T) {
	var buf bytes.Buffer
	var read atomic.Int64
	b := newImportBar(&buf, 1000, &read)
	read.Store(500)
	b.update(5000) // half the file: about 10,000 rows in all
	if st := b.bar.State(); st.Max != 10000 || st.CurrentNum != 5000 {
		t.Fatalf("half way: %d of %d rows, want 5000 of 10000", st.CurrentNum, st.Max)
	}
	read.Store(1000)
	b.update(9000) // the whole file read (buffered), rows still coming
	if st := b.bar.State(); st.Max != 9001 || b.bar.IsFinished() {
		t.Fatalf("all bytes read: total %d, finished %v; want 9001, not finished", st.Max, b.bar.IsFinished())
	}
	b.done(10000)
	if !b.bar.IsFinished() || !strings.Contains(buf.String(), "rows/") || !strings.HasSuffix(buf.String(), "\n") ||
		!strings.Contains(buf.String(), "10000 rows in ") {
		t.Fatalf("output %q", buf.String())
	}

	buf.Reset()
	read.Store(300)
	b = newImportBar(&buf, -1, &read)
	b.update(1000)
	if st := b.bar.State(); st.Max != -1 || st.CurrentBytes != 1000 {
		t.Fatalf("standard input: %v of %d rows, want 1000 of unknown", st.CurrentBytes, st.Max)
	}
	b.done(1000)
	if !b.bar.IsFinished() || !strings.Contains(buf.String(), "1000 rows in ") {
		t.Fatalf("standard input output %q", buf.String())
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Fatal("a buffer is not a terminal")
	}
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Fatal("/dev/null is a character device, not a terminal")
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
