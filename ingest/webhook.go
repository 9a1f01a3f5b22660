package ingest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slabot/slabot/sla"
)

// Webhook limits and headers (docs/design.md, CRM ingestion).
const (
	MaxBody         = 1 << 20 // bytes
	MaxEvents       = 1000
	MaxClockSkew    = 5 * time.Minute
	ReplayWindow    = 10 * time.Minute // signatures are remembered this long
	HeaderTeam      = "X-Slabot-Team"
	HeaderTimestamp = "X-Slabot-Request-Timestamp"
	HeaderSignature = "X-Slabot-Signature"
	// keyPrefix keeps webhook idempotency keys apart from the bot's own.
	keyPrefix = "webhook:"
	maxKey    = 200
)

// Event types.
const (
	EventCreated   = "created"
	EventHandedOff = "handed_off"
	EventAttempt   = "attempt"
	EventContacted = "contacted"
	EventWon       = "won"
	EventLost      = "lost"
)

// eventFields lists the fields each event type may carry besides the common
// ones (type, idempotency_key, external_id, agreement, at). Anything else is
// refused, so a misspelt "revenu" is an error and not a silent zero.
var eventFields = map[string][]string{
	EventCreated:   {"email", "name", "segment", "source"},
	EventHandedOff: {"rep"},
	EventAttempt:   {"via"},
	EventContacted: nil,
	EventWon:       {"revenue"},
	EventLost:      {"reason"},
}

var commonFields = []string{"type", "idempotency_key", "external_id", "agreement", "at"}

// Event is one validated webhook event.
type Event struct {
	Type           string
	IdempotencyKey string
	ExternalID     string
	Agreement      string    // channel id or name; required for created
	At             time.Time // defaults to the time the request arrived
	Email          string
	Name           string
	Segment        string
	Source         sla.Source // "" when not given (marketing for a new lead)
	Rep            string     // Slack user id or email, as sent
	Via            sla.Via
	Revenue        sla.Money
	Reason         string
}

// FieldError is a 400: what is wrong and where ("events[0].at").
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func fieldErr(i int, field, format string, args ...any) *FieldError {
	f := fmt.Sprintf("events[%d]", i)
	if field != "" {
		f += "." + field
	}
	return &FieldError{Field: f, Message: fmt.Sprintf(format, args...)}
}

// ParseEvents validates a request body. now is the arrival time: the default
// for a missing "at" and the reference for dates in the future. Nothing is
// looked up; that happens when the events are applied.
func ParseEvents(body []byte, now time.Time) ([]Event, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return nil, &FieldError{Message: "the body must be a JSON object like {\"events\": [...]}"}
	}
	for k := range top {
		if k != "events" {
			return nil, &FieldError{Field: k, Message: "unknown field; the body has only \"events\""}
		}
	}
	raw, ok := top["events"]
	if !ok {
		return nil, &FieldError{Field: "events", Message: "missing"}
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return nil, &FieldError{Field: "events", Message: "must be an array of events"}
	}
	if len(list) == 0 {
		return nil, &FieldError{Field: "events", Message: "is empty"}
	}
	if len(list) > MaxEvents {
		return nil, &FieldError{Field: "events", Message: fmt.Sprintf("has %d events; at most %d per request", len(list), MaxEvents)}
	}
	out := make([]Event, len(list))
	for i, r := range list {
		ev, err := parseEvent(i, r, now)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func parseEvent(i int, raw json.RawMessage, now time.Time) (Event, error) {
	var ev Event
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return ev, fieldErr(i, "", "must be an object")
	}
	// str reads a string field; max 0 leaves a lead's own fields to
	// Lead.Validate.
	str := func(key string, max int, required bool) (string, error) {
		v, ok := m[key]
		if !ok || string(v) == "null" {
			if required {
				return "", fieldErr(i, key, "missing")
			}
			return "", nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", fieldErr(i, key, "must be a string")
		}
		s = strings.TrimSpace(s)
		if max > 0 {
			if err := validText(s, max); err != nil {
				return "", fieldErr(i, key, "%v", err)
			}
		}
		if required && s == "" {
			return "", fieldErr(i, key, "is empty")
		}
		return s, nil
	}
	var err error
	if ev.Type, err = str("type", 20, true); err != nil {
		return ev, err
	}
	extra, known := eventFields[ev.Type]
	if !known {
		return ev, fieldErr(i, "type", "%q is not an event type (created, handed_off, attempt, contacted, won, lost)", ev.Type)
	}
	for k := range m {
		if !contains(commonFields, k) && !contains(extra, k) {
			return ev, fieldErr(i, k, "is not a field of a %s event", ev.Type)
		}
	}
	if ev.IdempotencyKey, err = str("idempotency_key", maxKey, true); err != nil {
		return ev, err
	}
	if ev.ExternalID, err = str("external_id", 0, true); err != nil {
		return ev, err
	}
	if ev.Agreement, err = str("agreement", 200, ev.Type == EventCreated); err != nil {
		return ev, err
	}
	at, err := str("at", 64, false)
	if err != nil {
		return ev, err
	}
	ev.At = now
	if at != "" {
		t, perr := sla.ParseRFC3339(at)
		if perr != nil {
			return ev, fieldErr(i, "at", "%v", perr)
		}
		if t.After(now.Add(futureSlack)) {
			return ev, fieldErr(i, "at", "%s is in the future", at)
		}
		ev.At = t
	}
	switch ev.Type {
	case EventCreated:
		if ev.Email, err = str("email", 0, false); err != nil {
			return ev, err
		}
		ev.Email = strings.ToLower(ev.Email)
		if ev.Name, err = str("name", 0, false); err != nil {
			return ev, err
		}
		if ev.Segment, err = str("segment", 0, false); err != nil {
			return ev, err
		}
		ev.Segment = strings.ToLower(ev.Segment)
		src, err := str("source", 20, false)
		if err != nil {
			return ev, err
		}
		if src != "" {
			if ev.Source, err = parseSource(src, FormatSlabot); err != nil {
				return ev, fieldErr(i, "source", "%v", err)
			}
		}
	case EventHandedOff:
		if ev.Rep, err = str("rep", sla.MaxEmailLen, true); err != nil {
			return ev, err
		}
		if !isUserID(ev.Rep) {
			email, ok := ownerEmail(ev.Rep)
			if !ok {
				return ev, fieldErr(i, "rep", "%q is neither a Slack user id (U…) nor an email", ev.Rep)
			}
			ev.Rep = email
		}
	case EventAttempt:
		via, err := str("via", 20, false)
		if err != nil {
			return ev, err
		}
		switch v := sla.Via(strings.ToLower(via)); v {
		case "":
			ev.Via = sla.ViaCall
		case sla.ViaCall, sla.ViaEmail, sla.ViaSocial, sla.ViaMeeting:
			ev.Via = v
		default:
			return ev, fieldErr(i, "via", "%q is not call, email, social or meeting", via)
		}
	case EventWon:
		v, ok := m["revenue"]
		if !ok || string(v) == "null" {
			return ev, fieldErr(i, "revenue", "missing; a won lead needs its revenue")
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			// A JSON number, in dollars: 1200 or 1200.5.
			var n json.Number
			dec := json.NewDecoder(bytes.NewReader(v))
			dec.UseNumber()
			if dec.Decode(&n) != nil {
				return ev, fieldErr(i, "revenue", "must be a number of dollars, like 1200")
			}
			s = n.String()
		}
		rev, err := sla.ParseMoney(s)
		if err != nil {
			return ev, fieldErr(i, "revenue", "%v", err)
		}
		if rev <= 0 {
			return ev, fieldErr(i, "revenue", "must be above zero")
		}
		ev.Revenue = rev
	case EventLost:
		if ev.Reason, err = str("reason", 0, false); err != nil {
			return ev, err
		}
	}
	// The lead's limits and shapes are the slash commands' too.
	lead := sla.Lead{ExternalID: ev.ExternalID, Name: ev.Name, Email: ev.Email, Segment: ev.Segment, Source: ev.Source, LostReason: ev.Reason}
	if err := lead.Validate(); err != nil {
		var ve *sla.ValueError
		errors.As(err, &ve)
		key := ve.Field // the JSON keys are sla's field names, but for the reason
		if key == sla.FieldLostReason {
			key = "reason"
		}
		return ev, fieldErr(i, key, "%v", err)
	}
	return ev, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// EventResult is the outcome of one event.
type EventResult struct {
	IdempotencyKey string `json:"idempotency_key"`
	Lead           string `json:"lead"`
	Status         string `json:"status"` // applied | duplicate
}

// Webhook serves POST /v1/events: signed lead events from a CRM or a relay,
// applied all-or-nothing in one transaction.
type Webhook struct {
	Store Store
	Users Users            // resolves a rep given by email; nil accepts only user ids
	Now   func() time.Time // default time.Now
	Log   *slog.Logger     // default: discard
}

type reply struct {
	OK      bool          `json:"ok"`
	Error   string        `json:"error,omitempty"`
	Field   string        `json:"field,omitempty"`
	Results []EventResult `json:"results,omitempty"`
}

func (h *Webhook) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Webhook) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.New(slog.DiscardHandler)
}

func writeJSON(w http.ResponseWriter, code int, r reply) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(r)
}

// errReplay marks a signature already used.
var errReplay = errors.New("replayed request")

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, reply{Error: "use POST"})
		return
	}
	if r.ContentLength > MaxBody {
		writeJSON(w, http.StatusRequestEntityTooLarge, reply{Error: "the body is over 1 MiB; send fewer events per request"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeJSON(w, http.StatusRequestEntityTooLarge, reply{Error: "the body is over 1 MiB; send fewer events per request"})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, reply{Error: "could not read the body"})
		return
	}
	now := h.now()
	team := strings.TrimSpace(r.Header.Get(HeaderTeam))
	log := h.log().With("team", team[:min(len(team), 32)])
	sig, why, err := h.verify(r.Context(), team, r.Header.Get(HeaderTimestamp), r.Header.Get(HeaderSignature), body, now)
	if err != nil {
		// Not the sender's fault: a 5xx makes a CRM retry later.
		log.Error("webhook secret lookup failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, reply{Error: "the database did not answer; try again"})
		return
	}
	if why != "" {
		log.Warn("webhook refused", "reason", why)
		writeJSON(w, http.StatusUnauthorized, reply{Error: why})
		return
	}
	events, err := ParseEvents(body, now)
	if err != nil {
		h.badRequest(w, log, err)
		return
	}
	reps, err := h.resolveReps(r.Context(), events)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			h.badRequest(w, log, err)
			return
		}
		log.Error("webhook rep lookup failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, reply{Error: "could not look up the rep in Slack; try again"})
		return
	}
	results, err := h.apply(r.Context(), team, sig, events, reps, now)
	var fe *FieldError
	switch {
	case errors.Is(err, errReplay):
		log.Warn("webhook refused", "reason", "replayed signature")
		writeJSON(w, http.StatusUnauthorized, reply{Error: "this request was already received (replayed signature)"})
		return
	case errors.As(err, &fe):
		h.badRequest(w, log, err)
		return
	case sla.ErrorCode(err) == sla.Unavailable:
		log.Error("webhook failed", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, reply{Error: "the database did not answer in time; try again"})
		return
	case err != nil:
		log.Error("webhook failed", "err", err)
		writeJSON(w, http.StatusInternalServerError, reply{Error: "internal error; nothing was applied, try again"})
		return
	}
	applied := 0
	for _, res := range results {
		if res.Status == "applied" {
			applied++
		}
	}
	log.Info("webhook events", "events", len(results), "applied", applied, "duplicate", len(results)-applied)
	writeJSON(w, http.StatusOK, reply{OK: true, Results: results})
}

func (h *Webhook) badRequest(w http.ResponseWriter, log *slog.Logger, err error) {
	var fe *FieldError
	errors.As(err, &fe)
	log.Info("webhook bad request", "field", fe.Field, "error", fe.Message)
	writeJSON(w, http.StatusBadRequest, reply{Error: fe.Message, Field: fe.Field})
}

// verify checks the signature headers and returns the signature's hex, or
// why the request is refused (never what the right signature would be), or
// an error when the secret could not be read.
func (h *Webhook) verify(ctx context.Context, team, ts, sig string, body []byte, now time.Time) (string, string, error) {
	if team == "" || ts == "" || sig == "" {
		return "", "missing " + HeaderTeam + ", " + HeaderTimestamp + " or " + HeaderSignature + " header", nil
	}
	if len(team) > 32 {
		return "", "unknown team", nil
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
	if err != nil {
		return "", HeaderTimestamp + " must be unix seconds", nil
	}
	at := time.Unix(sec, 0)
	if d := now.Sub(at); d > MaxClockSkew || d < -MaxClockSkew {
		return "", "the request timestamp is more than 5 minutes from now", nil
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(sig), "v1=")
	got, herr := hex.DecodeString(hexSig)
	if !ok || herr != nil || len(got) != sha256.Size {
		return "", HeaderSignature + " must be v1=<hex HMAC-SHA256>", nil
	}
	secret, err := h.Store.WebhookSecret(ctx, team)
	if err != nil && sla.ErrorCode(err) != sla.NotFound {
		return "", "", err
	}
	if secret == "" {
		return "", "unknown team, or no webhook secret for it (slabot webhook-secret --team …)", nil
	}
	if !hmac.Equal(got, Sign([]byte(secret), ts, body)) {
		return "", "signature mismatch", nil
	}
	return hex.EncodeToString(got), "", nil
}

// Sign computes the HMAC-SHA256 of "v1:<ts>:<body>" with secret; the
// header value is "v1=" + hex of it. ts is sent exactly as signed.
func Sign(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("v1:" + strings.TrimSpace(ts) + ":"))
	m.Write(body)
	return m.Sum(nil)
}

// SignatureHeader is the X-Slabot-Signature value for a request.
func SignatureHeader(secret, ts string, body []byte) string {
	return "v1=" + hex.EncodeToString(Sign([]byte(secret), ts, body))
}

// resolveReps maps each hand-off's rep to a Slack user id, by event index.
func (h *Webhook) resolveReps(ctx context.Context, events []Event) (map[int]string, error) {
	out := map[int]string{}
	cache := map[string]string{}
	for i, ev := range events {
		if ev.Type != EventHandedOff {
			continue
		}
		if isUserID(ev.Rep) {
			out[i] = ev.Rep
			continue
		}
		id, ok := cache[ev.Rep]
		if !ok {
			if h.Users == nil {
				return nil, fieldErr(i, "rep", "give the rep's Slack user id; emails cannot be looked up without a Slack connection")
			}
			var err error
			if id, err = h.Users.LookupEmail(ctx, ev.Rep); err != nil {
				return nil, err
			}
			cache[ev.Rep] = id
		}
		if id == "" {
			return nil, fieldErr(i, "rep", "no Slack user has the email %s", ev.Rep)
		}
		out[i] = id
	}
	return out, nil
}

// apply runs every event in one transaction: either all of them are applied
// (or found duplicate) and committed, or nothing is.
func (h *Webhook) apply(ctx context.Context, team, sig string, events []Event, reps map[int]string, now time.Time) ([]EventResult, error) {
	var results []EventResult
	err := h.Store.InTx(ctx, team, func(tx Tx) error {
		results = make([]EventResult, len(events))
		fresh, err := tx.ClaimSignature(sig, now, ReplayWindow)
		if err != nil {
			return err
		}
		if !fresh {
			return errReplay
		}
		ap := &applier{tx: tx, now: now, agreements: map[int64]sla.Agreement{}, routings: map[int64]*routing{}, handedOff: map[string]bool{}}
		for _, ev := range events {
			if ev.Type == EventHandedOff {
				ap.handedOff[ev.ExternalID] = true
			}
		}
		for i, ev := range events {
			key := keyPrefix + ev.IdempotencyKey
			first, prev, err := tx.ClaimKey(key, "", now)
			if err != nil {
				return err
			}
			if !first {
				results[i] = EventResult{IdempotencyKey: ev.IdempotencyKey, Lead: prev, Status: "duplicate"}
				continue
			}
			l, err := ap.apply(i, ev, reps[i])
			if err != nil {
				return err
			}
			if err := tx.SetKeyResult(key, l.ShortID()); err != nil {
				return err
			}
			results[i] = EventResult{IdempotencyKey: ev.IdempotencyKey, Lead: l.ShortID(), Status: "applied"}
		}
		return nil
	})
	return results, err
}

// applier applies events inside one transaction.
type applier struct {
	tx         Tx
	now        time.Time
	agreements map[int64]sla.Agreement
	routings   map[int64]*routing
	// handedOff: external ids the batch hands off itself; their created
	// events leave them to that hand-off, not to the pool.
	handedOff map[string]bool
}

// routing is a's routing state in this batch's transaction, loaded once.
func (ap *applier) routing(a sla.Agreement) (*routing, error) {
	if rt, ok := ap.routings[a.ID]; ok {
		return rt, nil
	}
	rt, err := loadRouting(ap.tx, a, ap.now)
	if err == nil {
		ap.routings[a.ID] = rt
	}
	return rt, err
}

func (ap *applier) agreement(id int64) (sla.Agreement, error) {
	if a, ok := ap.agreements[id]; ok {
		return a, nil
	}
	a, err := ap.tx.AgreementByID(id)
	if err == nil {
		ap.agreements[id] = a
	}
	return a, err
}

func (ap *applier) byRef(i int, ref string) (sla.Agreement, error) {
	a, err := ap.tx.AgreementByRef(ref)
	if sla.ErrorCode(err) == sla.NotFound {
		return a, fieldErr(i, "agreement", "no agreement %q in this workspace (give its home channel id or its name)", ref)
	}
	if err == nil {
		ap.agreements[a.ID] = a
	}
	return a, err
}

func (ap *applier) apply(i int, ev Event, rep string) (sla.Lead, error) {
	tx := ap.tx
	cur, err := tx.LeadByExternalID(ev.ExternalID)
	exists := err == nil
	if err != nil && sla.ErrorCode(err) != sla.NotFound {
		return cur, err
	}
	if ev.Type == EventCreated {
		a, err := ap.byRef(i, ev.Agreement)
		if err != nil {
			return cur, err
		}
		if !exists {
			l := sla.Lead{
				AgreementID: a.ID, ExternalID: ev.ExternalID, Name: ev.Name, Email: ev.Email,
				Segment: ev.Segment, Source: orSource(ev.Source), CreatedAt: ev.At, QualifiedAt: ev.At, SpeedSecs: -1,
			}
			if err := ap.poolHandOff(a, &l); err != nil {
				return cur, err
			}
			return tx.AddLead(l)
		}
		// The CRM sent "created" again for a lead we have: take its profile
		// fields as an update, keep everything else.
		if cur.AgreementID != a.ID {
			return cur, fieldErr(i, "external_id", "%q is %s of another agreement", ev.ExternalID, cur.ShortID())
		}
		l := cur
		setProfile(&l, ev.Name, ev.Email, ev.Segment, ev.Source)
		return tx.SaveLead(l, nil, ap.now)
	}
	if !exists {
		return cur, fieldErr(i, "external_id", "no lead with external id %q; send a created event first", ev.ExternalID)
	}
	a, err := ap.agreement(cur.AgreementID)
	if err != nil {
		return cur, err
	}
	if ev.Agreement != "" {
		named, err := ap.byRef(i, ev.Agreement)
		if err != nil {
			return cur, err
		}
		if named.ID != a.ID {
			return cur, fieldErr(i, "agreement", "%s belongs to the %s agreement, not %s", cur.ShortID(), a.Name, named.Name)
		}
	}
	loc, cal := a.Location(), a.Calendar()
	l := cur
	// The targets a lead is measured against (sla.TargetMonth), with the
	// hand-off this event is about to make.
	probe := l
	if probe.HandedOffAt.IsZero() && ev.Type == EventHandedOff {
		probe.HandedOffAt = ev.At
	}
	t, err := tx.TargetsFor(a.ID, sla.TargetMonth(probe, ap.now, a))
	if err != nil {
		return cur, err
	}
	var att *sla.Attempt
	switch ev.Type {
	case EventHandedOff:
		_, err = sla.HandOff(&l, rep, ev.At, loc)
	case EventAttempt:
		att, err = sla.RecordAttempt(&l, ev.Via, ev.At, "", cal)
	case EventContacted:
		err = sla.MarkContacted(&l, ev.At, loc)
	case EventWon:
		err = sla.MarkWon(&l, ev.Revenue, ev.At, loc)
	case EventLost:
		err = sla.MarkLost(&l, ev.Reason, ev.At, loc)
	}
	if err != nil {
		var se *sla.Error
		if errors.As(err, &se) && se.Code != sla.Internal && se.Code != sla.Unavailable {
			return cur, fieldErr(i, lifecycleField(ev, cur), "%s", se.Message)
		}
		return cur, err
	}
	if l.Owner != "" {
		// The clocks run on the owner's calendar, less their away time
		// (docs/design.md, Routing).
		rt, err := ap.routing(a)
		if err != nil {
			return cur, err
		}
		cal = rt.calendar(cal, l.Owner)
	}
	sla.SetClocks(&l, t, cal)
	return tx.SaveLead(l, att, ap.now)
}

// poolHandOff hands a new unowned lead to the pool's next rep when the
// agreement says so (sla.PoolTakes), with its clocks, as the import does.
func (ap *applier) poolHandOff(a sla.Agreement, l *sla.Lead) error {
	if ap.handedOff[l.ExternalID] || !sla.PoolTakes(a, *l, ap.now) {
		return nil
	}
	rt, err := ap.routing(a)
	if err != nil {
		return err
	}
	if err := rt.poolHandOff(ap.tx, a, l, ap.now); err != nil || l.Owner == "" {
		return err
	}
	t, err := ap.tx.TargetsFor(a.ID, sla.TargetMonth(*l, ap.now, a))
	if err != nil {
		return err
	}
	sla.SetClocks(l, t, rt.calendar(a.Calendar(), l.Owner))
	return nil
}

// lifecycleField names the field a refused lifecycle step is about: the
// time when it comes before what it follows, the rep when the lead is
// already theirs, else the event type (the lead is closed, or not handed
// off yet).
func lifecycleField(ev Event, l sla.Lead) string {
	switch {
	case !l.WonAt.IsZero() || !l.LostAt.IsZero():
		return "type"
	case ev.Type == EventAttempt && l.HandedOffAt.IsZero():
		return "type"
	case ev.Type == EventAttempt && ev.At.Before(l.HandedOffAt):
		return "at"
	case ev.At.Before(l.CreatedAt):
		return "at"
	case ev.Type == EventHandedOff:
		return "rep"
	}
	return "type"
}

func orSource(s sla.Source) sla.Source {
	if s == "" {
		return sla.SourceMarketing
	}
	return s
}
