package slackemu

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// UploadURL is the method name faults and pauses use for the POST of a
// file's bytes to the URL files.getUploadURLExternal handed out (not a Web
// API method of its own).
const UploadURL = "upload_url"

// Fault is a failure the emulator plays for calls of one method, as Slack
// (or the network between) fails in production. Exactly one of Status,
// Code and Drop says what is answered.
type Fault struct {
	// Times is how many calls it hits; 0 means 1.
	Times int
	// Status answers this HTTP status instead. 429 comes with Retry-After and
	// {"ok":false,"error":"ratelimited"}, as Slack's rate limits do
	// (https://docs.slack.dev/apis/web-api/rate-limits); a 5xx comes as
	// Slack's edge sends one, a short text body, no JSON.
	Status int
	// RetryAfter is the Retry-After of a 429, in whole seconds rounded up.
	RetryAfter time.Duration
	// Code answers {"ok":false,"error":Code} with HTTP 200, e.g.
	// internal_error or fatal_error, which Slack's method docs describe as
	// "it's possible some aspect of the operation succeeded before the error
	// was raised" (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
	Code string
	// Drop closes the connection without an answer.
	Drop bool
	// After runs the method first, so the call takes effect and then fails
	// (with Status, Code or Drop): the answer lost on the way back.
	After bool
}

type queuedFault struct {
	Fault
	left int
}

// Inject makes the next calls of method (a Web API method, or UploadURL)
// fail with f, after any faults injected before for it. Faults are played
// after authentication, as Slack checks the token first.
func (s *Server) Inject(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := f.Times
	if n <= 0 {
		n = 1
	}
	s.faults[method] = append(s.faults[method], &queuedFault{Fault: f, left: n})
}

// ClearFaults drops the faults still queued for method.
func (s *Server) ClearFaults(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.faults, method)
}

// RateLimit makes the next n calls of method answer HTTP 429 with a Retry-After
// header (whole seconds, rounded up) and {"ok":false,"error":"ratelimited"}, which
// slack-go turns into *slack.RateLimitedError.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.Inject(method, Fault{Times: n, Status: http.StatusTooManyRequests, RetryAfter: retryAfter})
}

// FailNext makes the next n calls of method answer {"ok":false,"error":code} (after
// authentication), e.g. "internal_error" or "fatal_error".
func (s *Server) FailNext(method string, n int, code string) {
	s.Inject(method, Fault{Times: n, Code: code})
}

// takeFault consumes one hit of the first fault queued for method.
func (s *Server) takeFault(method string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[method]
	for len(q) > 0 && q[0].left <= 0 {
		q = q[1:]
	}
	s.faults[method] = q
	if len(q) == 0 {
		return nil
	}
	q[0].left--
	f := q[0].Fault
	return &f
}

// play answers a call with the fault.
func (s *Server) play(w http.ResponseWriter, f *Fault) {
	switch {
	case f.Drop:
		// The client sees its connection closed with no response: it cannot
		// know whether the call took effect.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		http.Error(w, "connection dropped", http.StatusBadGateway)
	case f.Status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"ok": false, "error": "ratelimited"})
	case f.Status != 0:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(http.StatusText(f.Status) + "\n"))
	default:
		writeAPIError(w, fail(f.Code))
	}
}

// Pause holds one call of a method until Release: tests learn that the bot
// reached that step (Reached), and may kill it there.
type Pause struct {
	// Reached is closed when the held call arrives (before or after it took
	// effect, as asked).
	Reached chan struct{}
	after   bool
	skip    int // calls to let through first
	release chan struct{}
	once    sync.Once
	dropped bool // set before release is closed
}

// Release lets the held call go on (its answer goes to a client that may be
// gone by then): a request that reached Slack is carried out, whatever
// became of its sender.
func (p *Pause) Release() { p.once.Do(func() { close(p.release) }) }

// Drop ends the held call with its connection closed; held before it took
// effect, it never does: the request was lost on the way.
func (p *Pause) Drop() {
	p.once.Do(func() {
		p.dropped = true
		close(p.release)
	})
}

// PauseNext holds the next call of method (a Web API method, or UploadURL):
// before it takes effect, or with after, once it has and before it is
// answered. Close releases every pause.
func (s *Server) PauseNext(method string, after bool) *Pause {
	return s.PauseCall(method, 0, after)
}

// PauseCall is PauseNext for the call after the next skip calls of method
// (counted once the pauses queued before it are taken).
func (s *Server) PauseCall(method string, skip int, after bool) *Pause {
	p := &Pause{Reached: make(chan struct{}), after: after, skip: skip, release: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pauses[method] = append(s.pauses[method], p)
	return p
}

func (s *Server) takePause(method string) *Pause {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.pauses[method]
	if len(q) == 0 {
		return nil
	}
	if q[0].skip > 0 {
		q[0].skip--
		return nil
	}
	s.pauses[method] = q[1:]
	return q[0]
}

// hold blocks at a pause until it is released or dropped (true), or the
// emulator closes.
func (s *Server) hold(p *Pause) bool {
	close(p.Reached)
	select {
	case <-p.release:
		return p.dropped
	case <-s.ctx.Done():
		return true
	}
}

// faulty runs a call through the faults and pauses queued for method: run
// makes the call take effect and returns how to answer it and what to
// report to OnEvent (which happens even when the answer is lost).
func (s *Server) faulty(w http.ResponseWriter, method string, run func() (answer func(http.ResponseWriter), evs []Event)) {
	f := s.takeFault(method)
	p := s.takePause(method)
	if p != nil && !p.after && s.hold(p) {
		s.play(w, &Fault{Drop: true})
		return
	}
	if f != nil && !f.After {
		s.play(w, f)
		return
	}
	answer, evs := run()
	if p != nil && p.after && s.hold(p) {
		f = &Fault{Drop: true}
	}
	if f != nil {
		s.play(w, f)
	} else {
		answer(w)
	}
	s.emit(evs...)
}
