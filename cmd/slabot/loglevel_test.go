package main

import (
	"log/slog"
	"testing"
)

// TestLogLevel: SLABOT_LOG_LEVEL takes slog's level names in any case.
func TestLogLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{
		"":        slog.LevelInfo,
		"debug":   slog.LevelDebug,
		" WARN ":  slog.LevelWarn,
		"Error":   slog.LevelError,
		"info":    slog.LevelInfo,
		"debug+2": slog.LevelDebug + 2,
	} {
		c, err := loadConfig(envOf(map[string]string{"SLABOT_LOG_LEVEL": in}), need{})
		if err != nil || c.LogLevel != want {
			t.Errorf("%q: %v, %v; want %v", in, c.LogLevel, err, want)
		}
	}
	if _, err := loadConfig(envOf(map[string]string{"SLABOT_LOG_LEVEL": "verbose"}), need{}); err == nil {
		t.Error("verbose is not a level")
	}
}
