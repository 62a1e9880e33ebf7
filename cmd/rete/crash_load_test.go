package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestKillUnderLoad kills `rete serve` (SIGKILL) at random moments while
// concurrent clients send signed Slack commands, restarts it on the same
// data dir each time, and checks that every write rete acknowledged is
// there at the end. Each write is a new member's `join`, so each one
// acknowledged is one record to find. It runs only with RETE_CRASH=1:
//
//	RETE_CRASH=1 go test -count=1 -run TestKillUnderLoad -v ./cmd/rete/
//
// RETE_CRASH_KILLS (10) and RETE_CRASH_WRITERS (20) change the figures.
func TestKillUnderLoad(t *testing.T) {
	if os.Getenv("RETE_CRASH") != "1" {
		t.Skip("set RETE_CRASH=1 to run the kill -9 test under load")
	}
	envInt := func(name string, def int) int {
		if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
			return n
		}
		return def
	}
	kills, writers := envInt("RETE_CRASH_KILLS", 10), envInt("RETE_CRASH_WRITERS", 20)
	const secret = "crash-test-signing-secret"
	api := fakeSlackAPI()
	defer api.Close()
	dir := t.TempDir()
	addr := freeAddr(t)
	data := filepath.Join(dir, "data")
	cfg := filepath.Join(dir, "rete.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("data_dir: %s\nhttp: {listen: %q}\nlog: {level: error}\nslack: {bot_token: xoxb-crash, signing_secret: %s, api_url: %s/}\n",
		data, addr, secret, api.URL)), 0o600); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	start := func() *exec.Cmd {
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), "RETE_SERVE_CHILD=serve --config "+cfg)
		child.Stderr = os.Stderr
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		if !waitReady(base, 20*time.Second) {
			child.Process.Kill()
			t.Fatal("rete serve not ready after 20 s")
		}
		return child
	}

	var (
		mu     sync.Mutex
		acked  []string // users whose join rete acknowledged
		sent   atomic.Int64
		failed atomic.Int64 // requests without an acknowledgement (killed mid-way)
	)
	client := &http.Client{Timeout: 10 * time.Second}
	// join sends one signed join as a new user and reports whether rete
	// acknowledged it (a 200 with the welcome).
	join := func(user string) bool {
		sent.Add(1)
		body := []byte(url.Values{"team_id": {"T0CRASH"}, "channel_id": {"C0GENERAL"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
			"command": {"/rete"}, "text": {"join"}, "response_url": {api.URL + "/hooks/" + user}, "trigger_id": {"1.2." + user}}.Encode())
		req, err := signedSlackCommand(base, secret, body)
		if err != nil {
			t.Error(err)
			return false
		}
		resp, err := client.Do(req)
		if err != nil {
			return false
		}
		reply, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		return err == nil && resp.StatusCode == http.StatusOK && bytes.Contains(reply, []byte("Welcome to"))
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				user := fmt.Sprintf("U%02dW%06d", w, i)
				if join(user) {
					mu.Lock()
					acked = append(acked, user)
					mu.Unlock()
				} else {
					failed.Add(1)
					time.Sleep(20 * time.Millisecond) // rete is restarting
				}
			}
		})
	}
	child := start()
	for range kills {
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		child.Process.Kill() // SIGKILL: no shutdown, no flush
		child.Wait()
		child = start()
	}
	time.Sleep(500 * time.Millisecond)
	stop()
	wg.Wait()
	child.Process.Signal(os.Interrupt)
	if err := child.Wait(); err != nil {
		t.Errorf("last rete serve: %v", err)
	}

	db, err := openStore(data, newLogger(io.Discard, LogConfig{Level: "error"}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lost := 0
	err = db.View(context.Background(), func(tx bot.Tx) error {
		for _, u := range acked {
			found := false
			if err := tx.Memberships("slack", u, func(string, bot.MemberID) error { found = true; return nil }); err != nil {
				return err
			}
			if !found {
				lost++
				if lost <= 5 {
					t.Errorf("acknowledged join of %s is lost", u)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged")
	}
	t.Logf("%d kills, %d writers: %d writes sent, %d acknowledged, %d unacknowledged (killed in flight or refused while restarting), %d lost",
		kills, writers, sent.Load(), len(acked), failed.Load(), lost)
}
