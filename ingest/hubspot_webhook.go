package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

// HubSpot webhook requests (docs/design.md, CRM ingestion).
const (
	HeaderHubSpotSignature = "X-HubSpot-Signature-v3"
	HeaderHubSpotTimestamp = "X-HubSpot-Request-Timestamp"
	// HubSpotMaxAge is how old a request's timestamp may be: HubSpot's
	// "Validate requests" page says to reject one older than five minutes.
	HubSpotMaxAge = 5 * time.Minute
	// hubspotMaxBody bounds a request: HubSpot sends at most 100 events a
	// request, a few hundred bytes each.
	hubspotMaxBody = 1 << 20
)

// HubSpotSignatureV3 is HubSpot's v3 signature of a request: base64 of
// HMAC-SHA256, keyed by the app's client secret, over the UTF-8 string
// method + URI + body + timestamp (the X-HubSpot-Request-Timestamp value,
// epoch ms). uri is the full URL HubSpot called, decoded as
// HubSpotSignedURI does.
func HubSpotSignatureV3(secret, method, uri, body, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(method + uri + body + timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// hubspotDecoded are the percent-encodings HubSpot's "Validate requests"
// page lists as decoded in the URI it signs.
var hubspotDecoded = strings.NewReplacer(
	"%3A", ":", "%2F", "/", "%3F", "?", "%40", "@", "%21", "!", "%24", "$", "%27", "'",
	"%28", "(", "%29", ")", "%2A", "*", "%2C", ",", "%3B", ";",
	"%3a", ":", "%2f", "/", "%3f", "?", "%2a", "*", "%2c", ",", "%3b", ";",
)

// HubSpotSignedURI is the URI as HubSpot signs it: the public URL slabot
// is reached at, the request's path and query as received, with HubSpot's
// listed percent-encodings decoded.
func HubSpotSignedURI(publicURL string, r *http.Request) string {
	return hubspotDecoded.Replace(strings.TrimRight(publicURL, "/") + r.URL.RequestURI())
}

// HubSpotWebhook serves POST /v1/hubspot/events, HubSpot's webhook calls:
// verified, stored, answered at once; the contacts they name are then
// fetched and applied by Sync (HubSpot wants an answer within 5 seconds).
type HubSpotWebhook struct {
	Store     Store
	Secret    string // HUBSPOT_CLIENT_SECRET
	PublicURL string // SLABOT_PUBLIC_URL: the scheme and host HubSpot calls
	Sync      *HubSpotSync
	Now       func() time.Time // default time.Now
	Log       *slog.Logger
}

// hubspotEvent is one event of HubSpot's request body.
type hubspotEvent struct {
	EventID          *int64  `json:"eventId"`
	SubscriptionType *string `json:"subscriptionType"`
	ObjectID         *int64  `json:"objectId"`
	OccurredAt       *int64  `json:"occurredAt"`
	PortalID         *int64  `json:"portalId"`
	AttemptNumber    int     `json:"attemptNumber"`
	PropertyName     string  `json:"propertyName"`
	PropertyValue    any     `json:"propertyValue"`
}

func (h *HubSpotWebhook) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (h *HubSpotWebhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	log := h.log()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, reply{Error: "use POST"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, hubspotMaxBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeJSON(w, http.StatusRequestEntityTooLarge, reply{Error: "the body is over 1 MiB"})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, reply{Error: "could not read the body"})
		return
	}
	if why := h.verify(r, body, now); why != "" {
		log.Warn("hubspot webhook refused", "reason", why)
		writeJSON(w, http.StatusUnauthorized, reply{Error: why})
		return
	}
	events, err := parseHubSpotEvents(body, now)
	if err != nil {
		log.Warn("hubspot webhook bad request", "error", err)
		writeJSON(w, http.StatusBadRequest, reply{Error: err.Error()})
		return
	}
	// Events of a portal connected to no agreement are answered and dropped:
	// a 4xx or 5xx would make HubSpot retry them for days.
	conns := map[int64]*sla.CRMConnection{}
	var keep []sla.CRMEvent
	for _, e := range events {
		c, seen := conns[e.Portal]
		if !seen {
			conn, err := h.Store.HubSpotByPortal(r.Context(), e.Portal)
			switch {
			case err == nil:
				c = &conn
			case sla.ErrorCode(err) == sla.NotFound:
				log.Warn("hubspot webhook for a portal no agreement is connected to", "portal", e.Portal)
			default:
				log.Error("hubspot webhook: look up the portal", "err", err)
				writeJSON(w, http.StatusServiceUnavailable, reply{Error: "the database did not answer; try again"})
				return
			}
			conns[e.Portal] = c
		}
		if c != nil {
			e.TeamID, e.AgreementID = c.TeamID, c.AgreementID
			keep = append(keep, e)
		}
	}
	added, err := h.Store.AddHubSpotEvents(r.Context(), keep)
	if err != nil {
		log.Error("hubspot webhook: store the events", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, reply{Error: "the database did not answer; try again"})
		return
	}
	log.Info("hubspot webhook events", "events", len(events), "stored", added, "repeated", len(keep)-added, "dropped", len(events)-len(keep))
	writeJSON(w, http.StatusOK, reply{OK: true})
	if added > 0 && h.Sync != nil {
		h.Sync.Kick()
	}
}

// verify checks the v3 signature and the timestamp; "" when they hold,
// else why not (never what the right signature would be).
func (h *HubSpotWebhook) verify(r *http.Request, body []byte, now time.Time) string {
	if h.Secret == "" {
		return "HubSpot webhooks are off: set HUBSPOT_CLIENT_SECRET"
	}
	ts, sig := strings.TrimSpace(r.Header.Get(HeaderHubSpotTimestamp)), strings.TrimSpace(r.Header.Get(HeaderHubSpotSignature))
	if ts == "" || sig == "" {
		return "missing " + HeaderHubSpotSignature + " or " + HeaderHubSpotTimestamp + " header"
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return HeaderHubSpotTimestamp + " must be epoch milliseconds"
	}
	if d := now.Sub(time.UnixMilli(ms)); d > HubSpotMaxAge || d < -HubSpotMaxAge {
		return "the request timestamp is more than 5 minutes from now"
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return HeaderHubSpotSignature + " must be a base64 HMAC-SHA256"
	}
	want, _ := base64.StdEncoding.DecodeString(HubSpotSignatureV3(h.Secret, r.Method, HubSpotSignedURI(h.PublicURL, r), string(body), ts))
	if !hmac.Equal(got, want) {
		return "signature mismatch (is SLABOT_PUBLIC_URL the URL HubSpot calls?)"
	}
	return ""
}

// parseHubSpotEvents reads HubSpot's JSON array of events.
func parseHubSpotEvents(body []byte, now time.Time) ([]sla.CRMEvent, error) {
	var list []hubspotEvent
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("the body must be HubSpot's JSON array of events")
	}
	if len(list) > 1000 {
		return nil, fmt.Errorf("%d events in one request; HubSpot sends at most 100", len(list))
	}
	out := make([]sla.CRMEvent, 0, len(list))
	for i, e := range list {
		if e.EventID == nil || e.SubscriptionType == nil || e.ObjectID == nil || e.OccurredAt == nil || e.PortalID == nil {
			return nil, fmt.Errorf("event %d lacks eventId, subscriptionType, objectId, occurredAt or portalId", i)
		}
		typ := *e.SubscriptionType
		if err := validText(typ, 64); err != nil || typ == "" {
			return nil, fmt.Errorf("event %d: subscriptionType is not a HubSpot subscription type", i)
		}
		out = append(out, sla.CRMEvent{Portal: *e.PortalID, EventID: *e.EventID, ObjectID: *e.ObjectID, Type: typ,
			OccurredAt: time.UnixMilli(*e.OccurredAt).UTC(), ReceivedAt: now})
	}
	return out, nil
}
