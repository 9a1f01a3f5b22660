package bot

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Metrics are plain counters exposed in Prometheus' text format on /metrics.
type Metrics struct {
	mu sync.Mutex
	c  map[string]int64
}

// NewMetrics returns an empty set of counters.
func NewMetrics() *Metrics { return &Metrics{c: map[string]int64{}} }

// Inc adds one to a counter; a nil Metrics ignores it.
func (m *Metrics) Inc(name string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.c[name]++
	m.mu.Unlock()
}

// Get reads a counter.
func (m *Metrics) Get(name string) int64 {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.c[name]
}

// Write renders every counter, sorted by name.
func (m *Metrics) Write(w io.Writer) {
	m.mu.Lock()
	names := make([]string, 0, len(m.c))
	for k := range m.c {
		names = append(names, k)
	}
	sort.Strings(names)
	vals := make([]int64, len(names))
	for i, k := range names {
		vals[i] = m.c[k]
	}
	m.mu.Unlock()
	typed := map[string]bool{}
	for i, k := range names {
		base, _, _ := strings.Cut(k, "{")
		if !typed[base] {
			typed[base] = true
			fmt.Fprintf(w, "# TYPE slabot_%s counter\n", base)
		}
		fmt.Fprintf(w, "slabot_%s %d\n", k, vals[i])
	}
}
