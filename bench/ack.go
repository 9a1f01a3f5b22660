package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// benchAck sends bursts of 200 `/sla status` envelopes to the real bot
// through the emulator and measures each envelope's time to ack.
func benchAck(ctx context.Context, rounds int) error {
	dir, err := os.MkdirTemp("", "slabot-ack")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	clk := &demo.Clock{}
	clk.Set(time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC))
	w, err := demo.Start(ctx, filepath.Join(dir, "ack.db"), clk, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer w.Close()
	if _, _, err := w.Command(ctx, "U0KENDRA", "C0SMARKETING", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=Ack"); err != nil {
		return err
	}
	var all []time.Duration
	for r := 0; r < max(3, rounds/10); r++ {
		var mu sync.Mutex
		var wg sync.WaitGroup
		envs := make([]string, 0, 200)
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				env, err := w.Emu.SlashCommand(ctx, "U0SAM", "C0SMARKETING", "status")
				d := time.Since(start)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					all = append(all, d)
					envs = append(envs, env)
				}
			}()
		}
		wg.Wait()
		for _, e := range envs {
			if err := w.Wait(ctx, e); err != nil {
				return err
			}
		}
	}
	record(result{what: "socket-mode ack, bursts of 200 /sla status", db: "sqlite", n: len(all), samples: all,
		note: fmt.Sprintf("%d envelopes; send → ack over the emulator's websocket", len(all))})
	return nil
}

// benchCharts renders each chart for a busy month.
func benchCharts(runs int) error {
	dec := sla.Month{Year: 2026, Month: time.December}
	actual := make([]int, 20)
	for i := range actual {
		actual[i] = (i + 1) * 3
	}
	weeks := []render.WeekBar{{Label: "1–7 Dec", Value: 42, Has: true, N: 120}, {Label: "8–14 Dec", Value: 75, Has: true, N: 140},
		{Label: "15–21 Dec", Value: 39, Has: true, N: 90}, {Label: "22–28 Dec"}, {Label: "29–31 Dec"}}
	for _, c := range []struct {
		name string
		fn   func() error
	}{
		{"waterfall", func() error {
			_, err := render.Waterfall(render.WaterfallData{Agreement: "Bench", Month: dec, Goal: 100, Days: 31, Today: 20, Actual: actual})
			return err
		}},
		{"speed", func() error {
			_, err := render.Speed(render.SpeedData{Agreement: "Bench", Month: dec, Weeks: weeks, Target: 60})
			return err
		}},
		{"depth", func() error {
			_, err := render.Depth(render.DepthData{Agreement: "Bench", Month: dec, Weeks: weeks, Worked: []int{100, 120, 80, 0, 0}, Target: 6})
			return err
		}},
	} {
		samples, err := timeIt(runs, c.fn)
		if err != nil {
			return err
		}
		record(result{what: "PNG render, " + c.name + " chart", db: "-", samples: samples, note: "1200×600"})
	}
	return nil
}
