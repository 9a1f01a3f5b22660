package storage

import (
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// TestInitialSchemaMatchesModels reads 00001_initial.sql the way adoption
// does and checks it against the row types: the same tables with the same
// columns, in both dialects, and the same indexes with the same widths.
func TestInitialSchemaMatchesModels(t *testing.T) {
	// Columns and tables later migrations added, which version 1 lacks.
	later := map[string][]string{"leads": {"qualified_at", "told_owner", "assigned_at"}, "agreements": {"group_secs", "nudge_cap", "reassign_secs", "pool_unowned", "strike_route", "service_goal", "service_needs", "shared_goal", "qualification", "handoff", "nurturing"}}
	laterTables := []string{"hubspot_connections", "hubspot_events", "lead_changes", "nudge_owners", "nudge_messages", "away", "pool_members", "segments", "segment_goals", "agreement_changes", "exceptions", "friction_notes"}
	models := map[string][]string{}
	for _, m := range allModels {
		sch, err := schema.Parse(m, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(laterTables, sch.Table) {
			continue
		}
		var cols []string
		for _, c := range sch.DBNames {
			if !slices.Contains(later[sch.Table], c) {
				cols = append(cols, c)
			}
		}
		sort.Strings(cols)
		models[sch.Table] = cols
	}
	// The row types are the newest schema: undo what later migrations
	// changed (00002 replaced posts with outbox).
	delete(models, "outbox")
	models["posts"] = []string{"agreement_id", "claimed_at", "claimed_by", "kind", "period", "sent_at", "status", "team_id", "tries"}
	widths := map[string]map[string]int{}
	for _, d := range []string{"sqlite", "postgres"} {
		v1, err := initialSchema(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		tables := map[string][]string{}
		for _, tb := range v1.tables {
			cols := append([]string(nil), tb.columns...)
			sort.Strings(cols)
			tables[tb.name] = cols
		}
		if !reflect.DeepEqual(tables, models) {
			t.Errorf("%s: tables of 00001_initial.sql\n%v\nwant the models'\n%v", d, tables, models)
		}
		widths[d] = map[string]int{}
		for _, ix := range v1.indexes {
			widths[d][ix.name] = ix.columns
		}
		if got := len(v1.stmts); got != len(v1.tables)+len(v1.indexes) {
			t.Errorf("%s: %d statements, %d tables and %d indexes", d, got, len(v1.tables), len(v1.indexes))
		}
	}
	if !reflect.DeepEqual(widths["sqlite"], widths["postgres"]) {
		t.Errorf("index widths differ between dialects:\nsqlite   %v\npostgres %v", widths["sqlite"], widths["postgres"])
	}
	for name, want := range map[string]int{"ix_leads_created": 6, "ix_leads_won": 6, "ix_leads_handoff": 9, "ix_leads_clocks": 4, "ux_agreements_channel": 2, "idx_admins_team_id": 1} {
		if got := widths["postgres"][name]; got != want {
			t.Errorf("%s: %d columns, want %d", name, got, want)
		}
	}
	if n := len(widths["postgres"]); n != 19 {
		t.Errorf("%d indexes, want 19", n)
	}
}

func TestIfNotExists(t *testing.T) {
	for in, want := range map[string]string{
		"CREATE TABLE a (x int)":                "CREATE TABLE IF NOT EXISTS a (x int)",
		"CREATE INDEX i ON a (x)":               "CREATE INDEX IF NOT EXISTS i ON a (x)",
		"CREATE UNIQUE INDEX i ON a (x, y)":     "CREATE UNIQUE INDEX IF NOT EXISTS i ON a (x, y)",
		"CREATE INDEX i ON a (x) WHERE x <> ''": "CREATE INDEX IF NOT EXISTS i ON a (x) WHERE x <> ''",
	} {
		if got := ifNotExists(in); got != want {
			t.Errorf("ifNotExists(%q) = %q, want %q", in, got, want)
		}
	}
}
