package ingest_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/slabot/slabot/ingest"
	"github.com/slabot/slabot/server"
	"github.com/slabot/slabot/sla"
	"github.com/slabot/slabot/storage"
	"github.com/slabot/slabot/storage/storagetest"
)

// benchCSV writes n slabot-format rows: handed off, attempted, a third of
// them contacted, spread over October 2026 so the calendar does real work.
func benchCSV(n int, prefix string) []byte {
	var b bytes.Buffer
	b.WriteString("external_id,name,email,segment,source,owner_email,created_at,handed_off_at,first_attempt_at,attempts,contacted_at,won_at,revenue,lost_at,lost_reason\n")
	for i := 0; i < n; i++ {
		day := 1 + i%28
		h := 8 + i%9
		contacted := ""
		if i%3 == 0 {
			contacted = fmt.Sprintf("2026-10-%02d %02d:50", day, h)
		}
		fmt.Fprintf(&b, "%s-%d,Lead %d,lead%d@example.com,exec,marketing,U0REP1,2026-10-%02d %02d:00,2026-10-%02d %02d:10,2026-10-%02d %02d:40,%d,%s,,,,\n",
			prefix, i, i, i, day, h, day, h, day, h, 1+i%5, contacted)
	}
	return b.Bytes()
}

// BenchmarkImport measures rows/s of a first import (inserts) and of a
// re-import of the same file (nothing changes). SLABOT_BENCH_ROWS sets the
// rows per file (default 10,000).
func BenchmarkImport(b *testing.B) {
	rows := 10_000
	if v, err := strconv.Atoi(os.Getenv("SLABOT_BENCH_ROWS")); err == nil && v > 0 {
		rows = v
	}
	for _, db := range []struct {
		name string
		open func(testing.TB) *storage.Store
	}{{"sqlite", storagetest.SQLite}, {"postgres", storagetest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			s := db.open(b)
			a := sla.Agreement{TeamID: team, ChannelID: channel, Name: "Smarketing", Kind: sla.KindInternal, Status: sla.StatusActive,
				TZ: "Europe/Berlin", Hours: sla.DefaultHours, CreatedAt: utc(2026, 9, 1, 0, 0)}
			if err := s.CreateAgreement(ctx, &a, sla.Month{Year: 2026, Month: time.September}, sla.DefaultTargets); err != nil {
				b.Fatal(err)
			}
			im := &ingest.Importer{Store: server.CRM(s), Now: func() time.Time { return utc(2026, 11, 27, 12, 0) }}
			opt := ingest.Options{Team: team, Agreement: channel}
			var files [][]byte
			b.Run("insert", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					f := benchCSV(rows, fmt.Sprintf("run%d-%d", len(files), i))
					files = append(files, f)
					res, err := im.Import(ctx, bytes.NewReader(f), opt)
					if err != nil || res.Inserted != rows {
						b.Fatalf("%+v %v", res, err)
					}
				}
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
			b.Run("unchanged", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					res, err := im.Import(ctx, bytes.NewReader(files[0]), opt)
					if err != nil || res.Unchanged != rows {
						b.Fatalf("%+v %v", res, err)
					}
				}
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		})
	}
}
