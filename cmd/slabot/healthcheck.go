package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthcheck is `slabot healthcheck`: GET /healthz on this host's listener
// (the port of SLABOT_HTTP_ADDR), for a container HEALTHCHECK in an image
// that has no curl. Any failure is exit status 1, never 2, which Docker
// reserves.
func healthcheck(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	c, err := loadConfig(getenv, need{})
	if err != nil {
		return err
	}
	url := healthURL(c.HTTPAddr)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil}} // never through HTTP_PROXY
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}

// healthURL is the /healthz URL of a listener on addr, reached over loopback
// when it listens on every address.
func healthURL(addr string) string {
	host, port, _ := net.SplitHostPort(addr) // loadConfig checked it
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
