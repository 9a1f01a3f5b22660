package bot

import (
	"encoding/json"
	"testing"
)

// TestEnvelopeID: the reader's id, picked out without decoding, is the
// top-level envelope_id json.Unmarshal would read, or it gives up and the
// frame is decoded in full.
func TestEnvelopeID(t *testing.T) {
	for _, c := range []struct {
		frame, want string // want "" = give up
	}{
		{`{"envelope_id":"a1-b2","type":"slash_commands","payload":{"text":"status"}}`, "a1-b2"},
		// After a payload holding a nested envelope_id, quotes, escapes and brackets in strings.
		{`{"payload":{"envelope_id":"inner","text":"a \"}\" [{,","n":[1,{"x":null}]},"accepts_response_payload":true,"retry_attempt":0, "envelope_id" : "outer"}`, "outer"},
		{` { "type":"events_api" ,"retry_reason":"","envelope_id":"e3"}`, "e3"},
		{`{"type":"hello","num_connections":1,"debug_info":{"host":"h"}}`, ""},
		{`{"type":"disconnect","reason":"warning"}`, ""},
		{`{"envelope_id":"a\u0031"}`, ""}, // escaped: decoded in full
		{`{"envelope\u005fid":"x"}`, ""},
		{`{"envelope_id":""}`, ""},
		{`{"envelope_id":7}`, ""},
		{`{"payload":{"a":"b"`, ""},
		{`{"payload":"unterminated`, ""},
		{`[1,2]`, ""},
		{``, ""},
	} {
		id, ok := envelopeID([]byte(c.frame))
		if got := string(id); got != c.want || ok != (c.want != "") {
			t.Errorf("envelopeID(%s) = %q, %v; want %q", c.frame, got, ok, c.want)
		}
		if c.want == "" {
			continue
		}
		var env envelope
		if err := json.Unmarshal([]byte(c.frame), &env); err != nil || env.ID != c.want {
			t.Errorf("json.Unmarshal(%s): id %q, %v; the fast path disagrees", c.frame, env.ID, err)
		}
	}
}
