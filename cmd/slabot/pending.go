package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// TEMPORARY while the demo and ingestion land; removed before commit.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "not yet")
	return 1
}
func webhookSecret(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "not yet")
	return 1
}
func webhookHandler(c Config) http.Handler { return nil }
