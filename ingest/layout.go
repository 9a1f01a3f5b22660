package ingest

import (
	"fmt"
	"strings"
)

// Fields a CSV column can fill. The slabot format's header is these names.
const (
	FieldExternalID   = "external_id"
	FieldName         = "name"
	FieldFirstName    = "first_name"
	FieldLastName     = "last_name"
	FieldEmail        = "email"
	FieldSegment      = "segment"
	FieldSource       = "source"
	FieldOwnerEmail   = "owner_email"
	FieldCreatedAt    = "created_at"
	FieldMQLAt        = "mql_at"
	FieldHandedOffAt  = "handed_off_at"
	FieldFirstAttempt = "first_attempt_at"
	FieldAttempts     = "attempts"
	FieldContactedAt  = "contacted_at"
	FieldWonAt        = "won_at"
	FieldRevenue      = "revenue"
	FieldLostAt       = "lost_at"
	FieldLostReason   = "lost_reason"
	FieldStage        = "lifecycle_stage"
	FieldLeadStatus   = "lead_status"
	FieldLastContact  = "last_contacted_at"
	FieldLastActivity = "last_activity_at"
)

// Fields lists every field, in the slabot format's column order first.
var Fields = []string{
	FieldExternalID, FieldName, FieldEmail, FieldSegment, FieldSource, FieldOwnerEmail,
	FieldCreatedAt, FieldHandedOffAt, FieldFirstAttempt, FieldAttempts, FieldContactedAt,
	FieldWonAt, FieldRevenue, FieldLostAt, FieldLostReason,
	FieldFirstName, FieldLastName, FieldMQLAt, FieldStage, FieldLeadStatus, FieldLastContact, FieldLastActivity,
}

// SlabotHeader is the documented header of the slabot format.
var SlabotHeader = Fields[:15]

var fieldAliases = map[string]string{"owner": FieldOwnerEmail}

func knownField(f string) (string, bool) {
	f = strings.ToLower(strings.TrimSpace(f))
	if a, ok := fieldAliases[f]; ok {
		return a, true
	}
	for _, k := range Fields {
		if k == f {
			return k, true
		}
	}
	return "", false
}

// Formats.
const (
	FormatHubSpot    = "hubspot"
	FormatSalesforce = "salesforce"
	FormatSlabot     = "slabot"
)

// Formats lists the formats --format accepts.
var Formats = []string{FormatHubSpot, FormatSalesforce, FormatSlabot}

// hubspotColumns maps a HubSpot contacts export's column names (compared
// case-insensitively) to fields; where two columns fill one field, the first
// listed non-empty cell wins.
var hubspotColumns = []struct{ column, field string }{
	{"Record ID", FieldExternalID},
	{"Contact ID", FieldExternalID},
	{"First Name", FieldFirstName},
	{"Last Name", FieldLastName},
	{"Email", FieldEmail},
	{"Create Date", FieldCreatedAt},
	{"Lifecycle Stage", FieldStage},
	{"Contact owner", FieldOwnerEmail},
	{"HubSpot Owner", FieldOwnerEmail}, // the property's older name
	{"Became a Marketing Qualified Lead Date", FieldMQLAt},
	{"Became a Customer Date", FieldWonAt},
	{"Original Source", FieldSource},
	{"Total Revenue", FieldRevenue},
	{"Recent Deal Amount", FieldRevenue},
	{"Amount", FieldRevenue},
	{"Owner Assigned Date", FieldHandedOffAt},
	{"First outreach date", FieldFirstAttempt},
	{"Number of times contacted", FieldAttempts},
	{"Number of Sales Activities", FieldAttempts},
	{"Lead Status", FieldLeadStatus},
	{"Last Contacted", FieldLastContact},
	{"Last Activity Date", FieldLastActivity},
}

// salesforceColumns maps a Salesforce leads report export's columns.
var salesforceColumns = []struct{ column, field string }{
	{"Lead ID", FieldExternalID},
	{"First Name", FieldFirstName},
	{"Last Name", FieldLastName},
	{"Email", FieldEmail},
	{"Lead Owner", FieldOwnerEmail},
	{"Lead Status", FieldLeadStatus},
	{"Create Date", FieldCreatedAt},
	{"Created Date", FieldCreatedAt},
	{"Lead Source", FieldSource},
	{"Converted Date", FieldWonAt},
	{"Last Activity", FieldLastActivity},
}

// hubspotProperties are the contact properties the sync asks HubSpot's API
// for, each mapped as its export column is (the same field rules).
var hubspotProperties = []struct{ column, field string }{
	{"hs_object_id", FieldExternalID},
	{"email", FieldEmail},
	{"firstname", FieldFirstName},
	{"lastname", FieldLastName},
	{"createdate", FieldCreatedAt},
	{"lifecyclestage", FieldStage},
	{"hs_lifecyclestage_marketingqualifiedlead_date", FieldMQLAt},
	{"hs_lifecyclestage_customer_date", FieldWonAt},
	{"hubspot_owner_id", FieldOwnerEmail}, // replaced by the owner's email before parsing
	{"hubspot_owner_assigneddate", FieldHandedOffAt},
	{"hs_first_outreach_date", FieldFirstAttempt},
	{"num_contacted_notes", FieldAttempts},
	{"notes_last_contacted", FieldLastContact},
	{"hs_lead_status", FieldLeadStatus},
	{"hs_analytics_source", FieldSource},
	{"total_revenue", FieldRevenue},
	{"recent_deal_amount", FieldRevenue},
	{"lastmodifieddate", ""},
}

// HubSpotProperties names the properties the sync reads, in the order of
// the records it builds.
func HubSpotProperties() []string {
	out := make([]string, len(hubspotProperties))
	for i, p := range hubspotProperties {
		out[i] = p.column
	}
	return out
}

// Mapping is one --map "CSV column=field" override; an empty field ignores
// the column.
type Mapping struct{ Column, Field string }

// ParseMapping reads "CSV column=field".
func ParseMapping(s string) (Mapping, error) {
	i := strings.LastIndexByte(s, '=')
	if i < 0 {
		return Mapping{}, fmt.Errorf("--map %q: use \"CSV column=field\"", s)
	}
	col, f := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	if col == "" {
		return Mapping{}, fmt.Errorf("--map %q: the CSV column is empty", s)
	}
	if f == "" {
		return Mapping{Column: col}, nil
	}
	field, ok := knownField(f)
	if !ok {
		return Mapping{}, fmt.Errorf("--map %q: unknown field %q (fields: %s)", s, f, strings.Join(Fields, ", "))
	}
	return Mapping{Column: col, Field: field}, nil
}

// layout says which columns fill which field.
type layout struct {
	format  string
	api     bool             // HubSpot's API: property names, dates also in epoch ms
	cols    map[string][]int // field → column indexes, first non-empty wins
	names   []string         // the header
	ignored []string         // columns that fill nothing (slabot format: probably typos)
}

func foldHeader(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// detectFormat picks hubspot when the header has HubSpot's "Record ID",
// salesforce when it has Salesforce's "Lead ID".
func detectFormat(header []string) string {
	for _, h := range header {
		switch foldHeader(h) {
		case "record id", "contact id":
			return FormatHubSpot
		case "lead id":
			return FormatSalesforce
		}
	}
	return FormatSlabot
}

// formatHubSpotAPI is the layout of HubSpot's contact properties.
const formatHubSpotAPI = "hubspot-api"

// newLayout resolves the header against the format's mapping and the
// overrides.
func newLayout(header []string, format string, maps []Mapping) (layout, error) {
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // Excel and HubSpot write a BOM
	}
	if format == "" {
		format = detectFormat(header)
	}
	lay := layout{format: format, cols: map[string][]int{}, names: append([]string(nil), header...)}
	index := map[string]int{}
	for i, h := range header {
		f := foldHeader(h)
		if _, dup := index[f]; dup {
			return lay, fmt.Errorf("the header has the column %q twice", strings.TrimSpace(h))
		}
		index[f] = i
	}
	assigned := map[int]bool{}
	columns := map[string][]struct{ column, field string }{FormatHubSpot: hubspotColumns, FormatSalesforce: salesforceColumns, formatHubSpotAPI: hubspotProperties}
	switch format {
	case FormatHubSpot, FormatSalesforce, formatHubSpotAPI:
		for _, hc := range columns[format] {
			if i, ok := index[foldHeader(hc.column)]; ok && hc.field != "" {
				lay.cols[hc.field] = append(lay.cols[hc.field], i)
				assigned[i] = true
			}
		}
	case FormatSlabot:
		for i, h := range header {
			if f, ok := knownField(h); ok {
				lay.cols[f] = append(lay.cols[f], i)
				assigned[i] = true
			}
		}
	default:
		return lay, fmt.Errorf("unknown format %q (use hubspot, salesforce or slabot)", format)
	}
	// An override takes its column away from whatever the format mapped it
	// to, and its field away from the format's columns.
	overridden := map[string]bool{}
	for _, m := range maps {
		i, ok := index[foldHeader(m.Column)]
		if !ok {
			return lay, fmt.Errorf("--map: the header has no column %q (columns: %s)", m.Column, strings.Join(header, ", "))
		}
		for f, is := range lay.cols {
			lay.cols[f] = without(is, i)
		}
		if m.Field != "" && !overridden[m.Field] {
			overridden[m.Field] = true
			lay.cols[m.Field] = nil
		}
		if m.Field != "" {
			lay.cols[m.Field] = append(lay.cols[m.Field], i)
		}
		assigned[i] = true
	}
	for f, is := range lay.cols {
		if len(is) == 0 {
			delete(lay.cols, f)
		}
	}
	if _, ok := lay.cols[FieldExternalID]; !ok {
		return lay, fmt.Errorf("the header has no external id column (slabot format: external_id; HubSpot: Record ID; Salesforce: Lead ID); name one with --map \"Your column=external_id\"")
	}
	if format == FormatSlabot {
		for i, h := range header {
			if !assigned[i] {
				lay.ignored = append(lay.ignored, strings.TrimSpace(h))
			}
		}
	}
	return lay, nil
}

func without(is []int, x int) []int {
	out := is[:0:0]
	for _, i := range is {
		if i != x {
			out = append(out, i)
		}
	}
	return out
}

// get returns the first non-empty cell of the field's columns, trimmed.
func (l layout) get(rec []string, field string) (string, int) {
	for _, i := range l.cols[field] {
		if i < len(rec) {
			if v := strings.TrimSpace(rec[i]); v != "" {
				return v, i
			}
		}
	}
	return "", -1
}

// label names a field for a message: the column it came from when that is
// not the field's own name ("won_at (Became a Customer Date)").
func (l layout) label(field string, col int) string {
	if col < 0 {
		if is := l.cols[field]; len(is) > 0 {
			col = is[0]
		}
	}
	if col >= 0 && col < len(l.names) {
		if name := strings.TrimSpace(l.names[col]); foldHeader(name) != field {
			return fmt.Sprintf("%s (%s)", field, name)
		}
	}
	return field
}
