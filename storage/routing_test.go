package storage_test

import (
	"sync"
	"testing"
	"time"

	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// TestPoolPickTwoReplicas: two stores on one database (two replicas) make
// nine pool picks at once, weights UA=1 and UB=2. The picks are claimed one
// after the other under the team lock, so however they interleave the nine
// are a run of the smooth round-robin: UA 3, UB 6, and the state ends where
// it began (currents 0 and 0, after three full cycles of b a b).
func TestPoolPickTwoReplicas(t *testing.T) {
	storagetest.EachDSN(t, func(t *testing.T, dsn string) {
		open := func() *storage.Store {
			s, err := storage.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		r1, r2 := open(), open()
		a := newAgreement(t, r1, "T1", "C1", "Smarketing")
		for i, m := range []sla.PoolMember{{Rep: "UA", Weight: 1}, {Rep: "UB", Weight: 2}} {
			if err := r1.SetPoolMember(ctx, "T1", a.ID, m, "USALES", t0.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		all := func(sla.PoolMember) bool { return true }
		var mu sync.Mutex
		count := map[string]int{}
		var wg sync.WaitGroup
		for i := range 9 {
			wg.Add(1)
			go func(s *storage.Store) {
				defer wg.Done()
				rep, err := s.PickFromPool(ctx, "T1", a.ID, t0, time.UTC, all)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				count[rep]++
				mu.Unlock()
			}([]*storage.Store{r1, r2}[i%2])
		}
		wg.Wait()
		if count["UA"] != 3 || count["UB"] != 6 {
			t.Fatalf("counts %v, want UA 3, UB 6", count)
		}
		ms, err := r2.PoolMembers(ctx, "T1", a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].Current != 0 || ms[1].Current != 0 || ms[0].Count != 3 || ms[1].Count != 6 {
			t.Fatalf("pool state %+v, want currents 0 and counts 3 and 6", ms)
		}
	})
}
