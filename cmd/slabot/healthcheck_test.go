package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestHealthcheckCmd runs `slabot healthcheck` against a real listener: 0
// when /healthz answers 200, 1 with one line when it answers otherwise or
// nothing listens, and the port is taken from SLABOT_HTTP_ADDR even when it
// listens on every address.
func TestHealthcheckCmd(t *testing.T) {
	var (
		mu     sync.Mutex
		status = http.StatusOK
		paths  []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, r.Method+" "+r.URL.Path)
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		w.Write([]byte("database unavailable\n"))
	}))
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	check := func(addr string) (int, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"healthcheck"}, envOf(map[string]string{"SLABOT_HTTP_ADDR": addr}), nil, &out, &errb)
		return code, out.String() + errb.String()
	}
	for _, addr := range []string{"127.0.0.1:" + port, "0.0.0.0:" + port, ":" + port} {
		if code, out := check(addr); code != 0 || out != "ok\n" {
			t.Errorf("healthy, SLABOT_HTTP_ADDR=%s: exit %d, %q", addr, code, out)
		}
	}
	mu.Lock()
	if len(paths) != 3 || paths[0] != "GET /healthz" {
		t.Errorf("requests: %v", paths)
	}
	status = http.StatusServiceUnavailable
	mu.Unlock()
	if code, out := check("0.0.0.0:" + port); code != 1 || !strings.Contains(out, "503") || strings.Count(out, "\n") != 1 {
		t.Errorf("unhealthy: exit %d, %q", code, out)
	}
	srv.Close()
	if code, out := check("0.0.0.0:" + port); code != 1 || strings.Count(out, "\n") != 1 {
		t.Errorf("nothing listening: exit %d, %q", code, out)
	}
	// a malformed address is unhealthy too: Docker reserves exit status 2
	if code, _ := check("8080"); code != 1 {
		t.Errorf("malformed SLABOT_HTTP_ADDR: exit %d, want 1", code)
	}
}
