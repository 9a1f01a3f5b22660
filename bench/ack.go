package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/slabot/slabot/internal/demo"
	"github.com/slabot/slabot/internal/slackemu"
	"github.com/slabot/slabot/render"
	"github.com/slabot/slabot/sla"
)

// benchAck runs the real `slabot run` in a process of its own against the
// Slack emulator in this one (as in production, Slack's work is not on the
// bot's CPU), delivers bursts of 200 `/sla status` envelopes back to back on
// the socket, as Slack delivers a burst, and measures each envelope from its
// frame written to its ack read, on the emulator's side. Every command must
// be answered before the next burst.
func benchAck(ctx context.Context, db, pgURL string, rounds int) error {
	dir, err := os.MkdirTemp("", "slabot-ack")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsn := filepath.Join(dir, "ack.db")
	if db != "sqlite" {
		st, cleanup, d, err := openDSN(ctx, db, pgURL)
		if err != nil {
			return err
		}
		st.Close()
		defer cleanup()
		dsn = d
	}
	bin, err := buildSlabot(dir)
	if err != nil {
		return err
	}
	emu := slackemu.New(slackemu.Config{TeamID: demo.TeamID, TeamName: "Demo Co", Users: demo.Users, Channels: demo.Channels})
	if err := emu.Start(); err != nil {
		return err
	}
	defer emu.Close()
	cfg := emu.Config()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	httpAddr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, bin, "run")
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+cfg.BotToken, "SLACK_APP_TOKEN="+cfg.AppToken, "SLACK_API_URL="+emu.APIURL(),
		"DATABASE_URL="+dsn, "SLABOT_HTTP_ADDR="+httpAddr, "SLABOT_LOG_LEVEL=error")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := emu.WaitConnected(wctx, 1); err != nil {
		return fmt.Errorf("the bot did not connect: %w", err)
	}
	// answered waits until user has n more replies than before.
	answered := func(before, n int) error {
		actx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		_, err := emu.WaitFor(actx, func(m slackemu.Message) bool { return m.Seq >= before+n })
		return err
	}
	before := len(emu.Messages())
	if _, err := emu.SlashCommand(ctx, "U0KENDRA", "C0SMARKETING", "setup marketing=<@U0KENDRA> sales=<@U0SAM> name=Ack"); err != nil {
		return err
	}
	if err := answered(before, 1); err != nil {
		return err
	}
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = "status"
	}
	var all, bursts []time.Duration
	for r := 0; r < max(3, rounds/10); r++ {
		before := len(emu.Messages())
		start := time.Now()
		acks, err := emu.SlashBurst(ctx, "U0SAM", "C0SMARKETING", texts)
		if err != nil {
			return err
		}
		for _, a := range acks {
			all = append(all, a.Acked.Sub(a.Sent))
		}
		if err := answered(before, len(texts)); err != nil {
			return fmt.Errorf("not every command was answered: %w", err)
		}
		bursts = append(bursts, time.Since(start))
		for _, m := range emu.Messages()[before:] {
			if strings.Contains(m.Text, "Something went wrong") {
				return fmt.Errorf("a command failed: %s", m.Text)
			}
		}
	}
	own, err := ackHistogram("http://" + httpAddr + "/metrics")
	if err != nil {
		return err
	}
	record(result{what: "socket-mode ack, bursts of 200 /sla status", db: db, n: len(all), samples: all,
		note: fmt.Sprintf("%d envelopes, each answered; `slabot run` in its own process; frame written → ack read, by the emulator; the bot's own slabot_ack_seconds (read → ack written): %s", len(all), own)})
	// What the acks must not cost: the handlers' throughput (bot.DefaultWorkers).
	record(result{what: "a burst of 200 /sla status, all answered", db: db, n: len(bursts), samples: bursts,
		note: fmt.Sprintf("%d bursts; first frame written → last reply posted", len(bursts))})
	return nil
}

// ackHistogram reads slabot_ack_seconds from the bot's /metrics: the
// bucket its p99 falls in.
func ackHistogram(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var les []string
	var counts []float64
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		rest, ok := strings.CutPrefix(line, `slabot_ack_seconds_bucket{le="`)
		if !ok {
			continue
		}
		le, n, _ := strings.Cut(rest, `"} `)
		v, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return "", fmt.Errorf("metrics line %q", line)
		}
		les, counts = append(les, le), append(counts, v)
	}
	if len(counts) == 0 || counts[len(counts)-1] == 0 {
		return "", fmt.Errorf("no slabot_ack_seconds in %s", url)
	}
	total := counts[len(counts)-1]
	for i, c := range counts {
		if c >= 0.99*total {
			return fmt.Sprintf("p99 ≤ %s s of %.0f", les[i], total), nil
		}
	}
	return "", nil
}

// buildSlabot builds the binary into dir.
func buildSlabot(dir string) (string, error) {
	bin := filepath.Join(dir, "slabot")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/slabot").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, out)
	}
	return bin, nil
}

// benchCharts renders each chart for a busy month.
func benchCharts(runs int) error {
	dec := sla.Month{Year: 2026, Month: time.December}
	actual := make([]int, 20)
	for i := range actual {
		actual[i] = (i + 1) * 3
	}
	line := make([]float64, 31) // the guide's d × g ÷ n, goal 100
	for d := range line {
		line[d] = float64(d+1) * 100 / 31
	}
	weeks := []render.WeekBar{{Label: "1–7 Dec", Value: 42, Has: true, N: 120}, {Label: "8–14 Dec", Value: 75, Has: true, N: 140},
		{Label: "15–21 Dec", Value: 39, Has: true, N: 90}, {Label: "22–28 Dec"}, {Label: "29–31 Dec"}}
	for _, c := range []struct {
		name string
		fn   func() error
	}{
		{"waterfall", func() error {
			_, err := render.Waterfall(render.WaterfallData{Agreement: "Bench", Month: dec, Goal: 100, Line: line, LineNow: line[19], Days: 31, Today: 20, Actual: actual})
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
