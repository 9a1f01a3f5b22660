// Package hubspotemu is a HubSpot CRM API emulator on loopback, for the
// sync's and the webhooks' tests, the benchmark and the demo. It speaks the
// parts of HubSpot's API slabot uses, with HubSpot's JSON shapes and
// documented limits, so the real client runs against it unchanged:
//
//   - GET /account-info/v3/details (the portal a token belongs to);
//   - POST /crm/v3/objects/contacts/search, with filters, one sort, paging by
//     `after`, at most 200 results a page and 10,000 a query;
//   - GET /crm/v3/objects/contacts/{id} and GET /crm/v3/owners (paged);
//   - private-app bearer tokens (401 otherwise), a per-token search rate
//     limit answered with 429, and injected faults (429 with Retry-After,
//     5xx, bodies that are not JSON);
//   - webhook calls to a subscriber, signed with HubSpot's v3 signature.
//
// Each behaviour names the HubSpot page it follows. Nothing here is kinder
// than HubSpot: a test passing only because of that would be a defect.
package hubspotemu

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits HubSpot documents for the CRM search API (developers.hubspot.com,
// "CRM API | Search", Limitations): 200 results a page, 10,000 results a
// query ("paging past 10,000 results returns a 400"), and a per-token rate
// (the developer changelog "CRM Search API Rate Limit Increase" set it at
// four requests per second per token).
const (
	MaxPageSize    = 200
	MaxResults     = 10000
	DefaultRate    = 4 // search requests per second per token
	MaxOwnersLimit = 500
)

// Config describes the portal. Zero fields get the defaults noted.
type Config struct {
	Token    string // the private app's access token; default "pat-na1-emulator"
	PortalID int64  // default 62515
	TimeZone string // default "Europe/Berlin"
	// SearchRate is the search requests a token may make per second; past it
	// HubSpot answers 429. Zero is DefaultRate; negative turns the limit off.
	SearchRate float64
	// EpochMillis writes date properties as epoch milliseconds, as HubSpot
	// does for some legacy properties, instead of ISO 8601 strings.
	EpochMillis bool
	Now         func() time.Time // default time.Now
}

// Contact is one contact; Props hold HubSpot's property values as strings.
type Contact struct {
	ID    int64
	Props map[string]string

	nums map[string]int64 // Props as numbers, for filters and sorts
}

// Owner is one CRM owner (a HubSpot user who can own records).
type Owner struct {
	ID        string
	Email     string
	FirstName string
	LastName  string
}

// Fault is an answer to give instead of the real one.
type Fault struct {
	Status     int    // HTTP status; 0 with a Delay: the real answer, late
	RetryAfter string // Retry-After header, if any
	Body       string // default: HubSpot's error JSON for the status
	Delay      time.Duration
}

// Server is the emulator. Safe for concurrent use.
type Server struct {
	cfg Config
	srv *http.Server
	ln  net.Listener

	mu       sync.Mutex
	contacts map[int64]*Contact
	nextID   int64
	owners   []Owner
	faults   map[string][]Fault // by route: "search", "contact", "owners", "account"
	calls    map[string]int
	window   []time.Time // search requests in the last second
	pages    []int       // results per search page served, in order
	version  int         // bumped by every change, for the cache
	cache    struct {    // the last search's sorted matches, reused while its pages are read
		key     string
		version int
		match   []*Contact
	}
}

// New makes an emulator; Start serves it.
func New(cfg Config) *Server {
	if cfg.Token == "" {
		cfg.Token = "pat-na1-emulator"
	}
	if cfg.PortalID == 0 {
		cfg.PortalID = 62515
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = "Europe/Berlin"
	}
	if cfg.SearchRate == 0 {
		cfg.SearchRate = DefaultRate
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Server{cfg: cfg, contacts: map[int64]*Contact{}, nextID: 1001, faults: map[string][]Fault{}, calls: map[string]int{}}
}

// Start listens on a loopback port.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.ln = ln
	mux := http.NewServeMux()
	mux.HandleFunc("GET /account-info/v3/details", s.auth("account", s.account))
	mux.HandleFunc("POST /crm/v3/objects/contacts/search", s.auth("search", s.search))
	mux.HandleFunc("GET /crm/v3/objects/contacts/{id}", s.auth("contact", s.contact))
	mux.HandleFunc("GET /crm/v3/owners", s.auth("owners", s.listOwners))
	mux.HandleFunc("GET /crm/v3/owners/", s.auth("owners", s.listOwners))
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return nil
}

// URL is the API base, for HUBSPOT_API_URL.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Token is the access token the emulator accepts.
func (s *Server) Token() string { return s.cfg.Token }

// PortalID is the portal's id.
func (s *Server) PortalID() int64 { return s.cfg.PortalID }

// Close stops serving.
func (s *Server) Close() {
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s.srv.Shutdown(ctx)
	}
}

// Put adds a contact (id 0: the next id) or replaces its properties, and
// stamps lastmodifieddate with the clock, as any change in HubSpot does.
// createdate is set on a new contact when not given.
func (s *Server) Put(c Contact) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()
	if c.ID == 0 {
		c.ID = s.nextID
	}
	if c.ID >= s.nextID {
		s.nextID = c.ID + 1
	}
	props := map[string]string{}
	if old, ok := s.contacts[c.ID]; ok {
		for k, v := range old.Props {
			props[k] = v
		}
	}
	for k, v := range c.Props {
		props[k] = v
	}
	if props["createdate"] == "" {
		props["createdate"] = s.date(now)
	}
	if _, ok := c.Props["lastmodifieddate"]; !ok {
		props["lastmodifieddate"] = s.date(now)
	}
	props["hs_object_id"] = strconv.FormatInt(c.ID, 10)
	s.version++
	nums := make(map[string]int64, len(props))
	for k, v := range props {
		nums[k] = numeric(v)
	}
	s.contacts[c.ID] = &Contact{ID: c.ID, Props: props, nums: nums}
	return c.ID
}

// Delete removes a contact.
func (s *Server) Delete(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.contacts, id)
	s.version++
}

// SetOwners replaces the portal's owners.
func (s *Server) SetOwners(o []Owner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.owners = append([]Owner(nil), o...)
}

// Fail queues faults for a route ("search", "contact", "owners",
// "account"): the next requests to it get them, in order.
func (s *Server) Fail(route string, f ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], f...)
}

// Calls counts the requests a route received, answered or refused.
func (s *Server) Calls(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// Pages lists how many results each search answer carried.
func (s *Server) Pages() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.pages...)
}

// date writes an instant as HubSpot does: ISO 8601 in UTC with
// milliseconds, or epoch milliseconds.
func (s *Server) date(t time.Time) string {
	if s.cfg.EpochMillis {
		return strconv.FormatInt(t.UnixMilli(), 10)
	}
	return FormatDate(t)
}

// FormatDate is HubSpot's ISO form of a datetime property.
func FormatDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// hsError is HubSpot's error body (developers.hubspot.com, "API usage:
// error handling").
type hsError struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	CorrelationID string `json:"correlationId"`
	Category      string `json:"category"`
	PolicyName    string `json:"policyName,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, code int, category, msg string) {
	writeJSON(w, code, hsError{Status: "error", Message: msg, CorrelationID: "00000000-emu", Category: category})
}

// auth checks the bearer token, counts the call and plays a queued fault.
func (s *Server) auth(route string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[route]++
		var f *Fault
		if q := s.faults[route]; len(q) > 0 {
			f, s.faults[route] = &q[0], q[1:]
		}
		s.mu.Unlock()
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || tok != s.cfg.Token {
			fail(w, http.StatusUnauthorized, "INVALID_AUTHENTICATION",
				"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview")
			return
		}
		if f != nil && f.Delay > 0 {
			time.Sleep(f.Delay)
			if f.Status == 0 {
				f = nil
			}
		}
		if f != nil {
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			if f.Body != "" {
				w.WriteHeader(f.Status)
				w.Write([]byte(f.Body))
				return
			}
			switch {
			case f.Status == http.StatusTooManyRequests:
				writeJSON(w, f.Status, hsError{Status: "error", Message: "You have reached your secondly limit.", CorrelationID: "00000000-emu", Category: "RATE_LIMITS", PolicyName: "SECONDLY"})
			default:
				fail(w, f.Status, "INTERNAL_ERROR", "internal error")
			}
			return
		}
		h(w, r)
	}
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	loc, err := time.LoadLocation(s.cfg.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	_, off := s.cfg.Now().In(loc).Zone()
	writeJSON(w, http.StatusOK, map[string]any{
		"portalId": s.cfg.PortalID, "accountType": "STANDARD", "timeZone": s.cfg.TimeZone,
		"companyCurrency": "USD", "additionalCurrencies": []string{},
		"utcOffset": time.Unix(0, 0).In(time.FixedZone("", off)).Format("-07:00"), "utcOffsetMilliseconds": off * 1000,
		"uiDomain": "app.hubspot.com", "dataHostingLocation": "na1",
	})
}

// searchRequest is the body of a CRM search.
type searchRequest struct {
	FilterGroups []struct {
		Filters []struct {
			PropertyName string `json:"propertyName"`
			Operator     string `json:"operator"`
			Value        string `json:"value"`
		} `json:"filters"`
	} `json:"filterGroups"`
	Sorts []struct {
		PropertyName string `json:"propertyName"`
		Direction    string `json:"direction"`
	} `json:"sorts"`
	Properties []string `json:"properties"`
	Limit      int      `json:"limit"`
	After      string   `json:"after"`
}

// rateLimited reports whether a search now would exceed the token's
// secondly rate, recording it when not.
func (s *Server) rateLimited() bool {
	if s.cfg.SearchRate < 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	keep := s.window[:0]
	for _, t := range s.window {
		if now.Sub(t) < time.Second {
			keep = append(keep, t)
		}
	}
	s.window = keep
	if float64(len(s.window)) >= s.cfg.SearchRate {
		return true
	}
	s.window = append(s.window, now)
	return false
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	if s.rateLimited() {
		// HubSpot's 429 names the policy; it sends no Retry-After for it.
		writeJSON(w, http.StatusTooManyRequests, hsError{Status: "error", Message: "You have reached your secondly limit.",
			CorrelationID: "00000000-emu", Category: "RATE_LIMITS", PolicyName: "SECONDLY"})
		return
	}
	var req searchRequest
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid input JSON: "+err.Error())
		return
	}
	if req.Limit == 0 {
		req.Limit = 10
	}
	if req.Limit < 0 || req.Limit > MaxPageSize {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("limit must be between 1 and %d", MaxPageSize))
		return
	}
	offset := 0
	if req.After != "" {
		n, err := strconv.Atoi(req.After)
		if err != nil || n < 0 {
			fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid after: "+req.After)
			return
		}
		offset = n
	}
	if offset >= MaxResults {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", fmt.Sprintf("Cannot page past %d results for a search.", MaxResults))
		return
	}
	if len(req.Sorts) > 1 {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "At most one sort is supported.")
		return
	}
	match := s.matching(req)
	total := len(match)
	end := min(offset+req.Limit, total)
	var page []*Contact
	if offset < total {
		page = match[offset:end]
	}
	out := map[string]any{"total": total, "results": s.objects(page, req.Properties)}
	if end < total {
		out["paging"] = map[string]any{"next": map[string]string{"after": strconv.Itoa(end)}}
	}
	s.mu.Lock()
	s.pages = append(s.pages, len(page))
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// matching lists the contacts a search matches, in its order. The sorted
// list is kept while nothing changes, so reading a query's pages costs what
// the pages hold, as it does HubSpot.
func (s *Server) matching(req searchRequest) []*Contact {
	key, _ := json.Marshal([]any{req.FilterGroups, req.Sorts})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache.key == string(key) && s.cache.version == s.version {
		return s.cache.match
	}
	var match []*Contact
	for _, c := range s.contacts {
		if matches(c, req) {
			match = append(match, c)
		}
	}
	sortBy, desc := "hs_object_id", false
	if len(req.Sorts) == 1 {
		sortBy, desc = req.Sorts[0].PropertyName, strings.EqualFold(req.Sorts[0].Direction, "DESCENDING")
	}
	sort.Slice(match, func(i, j int) bool {
		a, b := match[i].nums[sortBy], match[j].nums[sortBy]
		if a != b {
			return (a < b) != desc
		}
		return match[i].ID < match[j].ID
	})
	s.cache.key, s.cache.version, s.cache.match = string(key), s.version, match
	return match
}

// matches applies the filter groups: OR between groups, AND within one.
func matches(c *Contact, req searchRequest) bool {
	if len(req.FilterGroups) == 0 {
		return true
	}
	for _, g := range req.FilterGroups {
		ok := true
		for _, f := range g.Filters {
			have, want := c.nums[f.PropertyName], numeric(f.Value)
			switch f.Operator {
			case "GTE":
				ok = ok && have >= want
			case "GT":
				ok = ok && have > want
			case "LTE":
				ok = ok && have <= want
			case "LT":
				ok = ok && have < want
			case "EQ":
				ok = ok && (c.Props[f.PropertyName] == f.Value || (have == want && want != 0))
			case "HAS_PROPERTY":
				ok = ok && c.Props[f.PropertyName] != ""
			default:
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// numeric reads a number or a date property as HubSpot compares them: a
// date as epoch milliseconds.
func numeric(v string) int64 {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UnixMilli()
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return int64(f)
	}
	return 0
}

// objects renders contacts as HubSpot does: the default properties and
// those asked for, null when unset.
func (s *Server) objects(cs []*Contact, props []string) []map[string]any {
	out := make([]map[string]any, 0, len(cs))
	for _, c := range cs {
		out = append(out, s.object(c, props))
	}
	return out
}

func (s *Server) object(c *Contact, props []string) map[string]any {
	p := map[string]any{}
	for _, k := range append([]string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}, props...) {
		if v, ok := c.Props[k]; ok && v != "" {
			p[k] = v
		} else {
			p[k] = nil
		}
	}
	return map[string]any{
		"id": strconv.FormatInt(c.ID, 10), "properties": p, "archived": false,
		"createdAt": isoOf(c.Props["createdate"]), "updatedAt": isoOf(c.Props["lastmodifieddate"]),
	}
}

func isoOf(v string) string {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return FormatDate(time.UnixMilli(n))
	}
	return v
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	c, ok := s.contacts[id]
	var obj map[string]any
	if ok {
		obj = s.object(c, strings.Split(r.URL.Query().Get("properties"), ","))
	}
	s.mu.Unlock()
	if err != nil || !ok {
		fail(w, http.StatusNotFound, "OBJECT_NOT_FOUND", "resource not found")
		return
	}
	writeJSON(w, http.StatusOK, obj)
}

func (s *Server) listOwners(w http.ResponseWriter, r *http.Request) {
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxOwnersLimit {
			fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "limit must be between 1 and 500")
			return
		}
		limit = n
	}
	offset := 0
	if v := r.URL.Query().Get("after"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	s.mu.Lock()
	owners := append([]Owner(nil), s.owners...)
	s.mu.Unlock()
	end := min(offset+limit, len(owners))
	results := []map[string]any{}
	for _, o := range owners[min(offset, len(owners)):end] {
		results = append(results, map[string]any{"id": o.ID, "email": o.Email, "type": "PERSON", "firstName": o.FirstName,
			"lastName": o.LastName, "userId": 0, "archived": false})
	}
	out := map[string]any{"results": results}
	if end < len(owners) {
		out["paging"] = map[string]any{"next": map[string]string{"after": strconv.Itoa(end), "link": "?after=" + strconv.Itoa(end)}}
	}
	writeJSON(w, http.StatusOK, out)
}

// Event is one webhook event as HubSpot sends it (developers.hubspot.com,
// "Webhooks API": the JSON array of events in a request).
type Event struct {
	EventID          int64  `json:"eventId"`
	SubscriptionID   int64  `json:"subscriptionId"`
	PortalID         int64  `json:"portalId"`
	AppID            int64  `json:"appId"`
	OccurredAt       int64  `json:"occurredAt"`
	SubscriptionType string `json:"subscriptionType"`
	AttemptNumber    int    `json:"attemptNumber"`
	ObjectID         int64  `json:"objectId"`
	ChangeSource     string `json:"changeSource"`
	PropertyName     string `json:"propertyName,omitempty"`
	PropertyValue    string `json:"propertyValue,omitempty"`
}

// Deliver calls a webhook subscriber as HubSpot does: a POST of the events
// as a JSON array, signed with the v3 signature over the URL HubSpot called.
// It returns the subscriber's status code.
func (s *Server) Deliver(ctx context.Context, target, clientSecret string, events []Event) (int, error) {
	for i := range events {
		if events[i].PortalID == 0 {
			events[i].PortalID = s.cfg.PortalID
		}
	}
	body, err := json.Marshal(events)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(s.cfg.Now().UnixMilli(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-HubSpot-Request-Timestamp", ts)
	req.Header.Set("X-HubSpot-Signature-v3", SignV3(clientSecret, http.MethodPost, signedURI(target), string(body), ts))
	req.Header.Set("X-HubSpot-Signature-Version", "v3")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

// signedURI is the URI as HubSpot signs it: "Validate requests from
// HubSpot" lists the percent-encodings it decodes first.
func signedURI(u string) string {
	for _, p := range [][2]string{{"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
		{"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}} {
		u = strings.ReplaceAll(u, p[0], p[1])
		u = strings.ReplaceAll(u, strings.ToLower(p[0]), p[1])
	}
	return u
}

// SignV3 is HubSpot's v3 request signature (developers.hubspot.com,
// "Validate requests from HubSpot"): base64 of HMAC-SHA256, keyed by the
// app's client secret, over method + URI + body + timestamp, where HubSpot
// signs the URI as it called it.
func SignV3(secret, method, uri, body, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(method + uri + body + timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// ErrNoContact is returned by Get for an unknown id.
var ErrNoContact = errors.New("no such contact")

// Get returns a contact's properties.
func (s *Server) Get(id int64) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.contacts[id]
	if !ok {
		return nil, ErrNoContact
	}
	out := map[string]string{}
	for k, v := range c.Props {
		out[k] = v
	}
	return out, nil
}
