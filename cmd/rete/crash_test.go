package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/bot"
)

// TestMain lets tests re-run this test binary as a child rete: one that
// delivers the outbox and can be killed mid-way (the crash test), or the
// real `rete serve` (the load test).
func TestMain(m *testing.M) {
	if args := os.Getenv("RETE_SERVE_CHILD"); args != "" {
		os.Exit(serveChild(strings.Fields(args)))
	}
	if dir := os.Getenv("RETE_CRASH_CHILD"); dir != "" {
		if err := crashChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fileMessenger appends every DM to a file, synced, slowly.
type fileMessenger struct{ f *os.File }

func (m fileMessenger) Platform() string { return console.Platform }
func (m fileMessenger) DM(_ context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	time.Sleep(15 * time.Millisecond)
	if _, err := fmt.Fprintf(m.f, "%s\t%s\n", to.User, strings.SplitN(msg.PlainText(), "\n", 2)[0]); err != nil {
		return bot.MessageRef{}, err
	}
	return bot.MessageRef{Platform: console.Platform}, m.f.Sync()
}
func (m fileMessenger) Post(context.Context, string, string, bot.Message) (bot.MessageRef, error) {
	return bot.MessageRef{}, nil
}

// crashChild delivers everything due and exits.
func crashChild(dir string) error {
	f, err := os.OpenFile(filepath.Join(dir, "sent.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	cfg, err := loadConfig("")
	if err != nil {
		return err
	}
	db, err := openStore(filepath.Join(dir, "data"), newLogger(os.Stderr, cfg.Log))
	if err != nil {
		return err
	}
	defer db.Close()
	comms, _ := cfg.communities()
	b, err := bot.New(bot.Config{Store: db, Communities: comms, Messengers: []bot.Messenger{fileMessenger{f}}})
	if err != nil {
		return err
	}
	return b.DeliverDue(context.Background(), console.Platform)
}

func TestCrashDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// 40 members, one round queued.
	if _, stderr, err := runRete(t, "quit\n", "console", "--data", data, "--demo"); err != nil {
		t.Fatalf("setup: %v\n%s", err, stderr)
	}
	// Queue a round without delivering it.
	if out, stderr, err := runRete(t, "", "round", "now", "--data", data); err != nil {
		t.Fatalf("round now: %v\n%s%s", err, out, stderr)
	}
	log := filepath.Join(dir, "sent.log")
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "RETE_CRASH_CHILD="+dir)
		cmd.Stderr = os.Stderr
		return cmd
	}
	lines := func() []string {
		f, err := os.Open(log)
		if err != nil {
			return nil
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			out = append(out, sc.Text())
		}
		return out
	}
	crashes := 0
	for _, killAfter := range []int{8, 20} {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for len(lines()) < killAfter && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		crashes++
	}
	if err := child().Run(); err != nil {
		t.Fatalf("last child: %v", err)
	}
	got := map[string]int{}
	for _, l := range lines() {
		// Only intros are due (follow-ups come days later), in English or Italian.
		user, text, _ := strings.Cut(l, "\t")
		if !strings.Contains(text, "pairing this week") && !strings.Contains(text, "di questa settimana") {
			t.Errorf("unexpected message to %s: %q", user, text)
		}
		got[user]++
	}
	dups := 0
	for u, n := range got {
		dups += n - 1
		if n > 2 {
			t.Errorf("%s got the intro %d times", u, n)
		}
	}
	// 36 active demo members (4 are paused); each intro is a DM here.
	if len(got) != 36 {
		t.Errorf("%d members got the intro, want 36: %v", len(got), got)
	}
	if dups > crashes {
		t.Errorf("%d duplicates after %d crashes", dups, crashes)
	}
	t.Logf("%d intros, %d duplicates, %d crashes", len(lines()), dups, crashes)
}
