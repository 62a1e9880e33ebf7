package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot/bottest"
)

// TestServeWithConsoleSendsOnce: under serve with console.enabled, the
// console's delivery after each line and the outbox worker send every
// message once: one post per announcement, one DM per intro request.
func TestServeWithConsoleSendsOnce(t *testing.T) {
	conf := serveConsoleConfig(t)
	// Many messages, so that the two senders would overlap.
	const n = 12
	when := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	var script strings.Builder
	for i := range n {
		fmt.Fprintf(&script, "as m%02d\njoin\n", i)
	}
	for i := range n {
		fmt.Fprintf(&script, "as admin\nannounce Cena %d | %s 19:00 | Trattoria\n", i, when)
		fmt.Fprintf(&script, "as m%02d\nintro @m%02d hello\n", i, (i+1)%n)
	}
	script.WriteString("as admin\nevents\n")
	got := serveConsole(t, conf, script.String(), "admin> events")
	if c := strings.Count(got, "[post → #announcements]"); c != n {
		t.Errorf("%d posts for %d announcements", c, n)
	}
	if c := strings.Count(got, "[dm → m"); c != n {
		t.Errorf("%d DMs for %d intro requests:\n%s", c, n, got)
	}
}

// serveConsoleConfig writes a config with one console community and the
// console enabled.
func serveConsoleConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.yaml")
	yaml := fmt.Sprintf(`data_dir: %s
http: {listen: "127.0.0.1:0"}
log: {level: warn}
console: {enabled: true}
communities:
  - id: local
    name: Local
    moderators: ["console:admin"]
    spaces:
      - {platform: console, id: local, announce_channel: announcements}
`, filepath.Join(dir, "data"))
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf
}

// serveConsole runs rete serve with script on stdin until the output shows
// until, lets the outbox worker run, stops it and returns the output.
func serveConsole(t *testing.T, conf, script, until string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, stderr bottest.SyncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", conf}, strings.NewReader(script), &out, &stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), until) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let the outbox worker run too
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	return out.String()
}

// TestServeConsoleReplyFirst: under serve the outbox worker sends at once,
// yet each command's reply prints before the DM, post or group it caused.
func TestServeConsoleReplyFirst(t *testing.T) {
	conf := serveConsoleConfig(t)
	when := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	var script strings.Builder
	for i := range 6 {
		fmt.Fprintf(&script, "as m%d\njoin\n", i)
	}
	for i := range 6 {
		fmt.Fprintf(&script, "as m%d\nintro @m%d hello\n", i, (i+1)%6)
		fmt.Fprintf(&script, "as admin\nannounce Cena %d | %s 19:00 | Trattoria\n", i, when)
	}
	script.WriteString("as admin\nround now\nquit\n")
	got := serveConsole(t, conf, script.String(), "console closed")
	// Split the transcript at each echoed command: the first message after
	// it must be its reply.
	for _, part := range strings.Split(got, "> ")[1:] {
		cmd, rest, _ := strings.Cut(part, "\n")
		if rest == "" || strings.HasPrefix(cmd, "as ") || cmd == "quit" {
			continue
		}
		if !strings.HasPrefix(rest, "[reply → ") {
			t.Errorf("after %q the first message is not the reply:\n%s", cmd, rest)
		}
	}
	if c := strings.Count(got, "console closed; rete keeps serving"); c != 1 {
		t.Errorf("quit under serve said it closed the console %d times:\n%s", c, got)
	}
}
