package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// TestBackupWhileServing: `rete backup` on the data dir of a running
// `rete serve` gets its backup from the running process, and restoring it
// gives the same members, rounds and outbox.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, stderr, err := runRete(t, "quit\n", "console", "--data", data, "--demo"); err != nil {
		t.Fatalf("setup: %v\n%s", err, stderr)
	}
	if out, stderr, err := runRete(t, "", "round", "now", "--data", data); err != nil {
		t.Fatalf("round now: %v\n%s%s", err, out, stderr)
	}
	addr, stop := serveIn(t, data, "")
	if resp, err := http.Get("http://" + addr + "/backup"); err != nil {
		t.Error(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /backup on the public listener: %s; want 404", resp.Status)
	}
	file := filepath.Join(dir, "online.bak")
	out, stderr, err := runRete(t, "", "backup", "--data", data, file)
	if err != nil || !strings.Contains(out, "from the running rete") {
		t.Fatalf("backup while serving: %v\n%s%s", err, out, stderr)
	}
	if st, err := os.Stat(filepath.Join(data, adminSocket)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("admin socket: %v, mode %v; want 0600", err, st.Mode().Perm())
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, adminSocket)); err == nil {
		t.Error("the admin socket is left behind after serve stopped")
	}
	restored := filepath.Join(dir, "restored")
	if _, stderr, err := runRete(t, "", "restore", "--data", restored, file); err != nil {
		t.Fatalf("restore: %v %s", err, stderr)
	}
	before, after := dumpStore(t, data), dumpStore(t, restored)
	if !strings.Contains(before, `"bio"`) || !strings.Contains(before, `"rounds":[{`) || !strings.Contains(before, `"pending":[{`) {
		t.Fatalf("the data dir holds no members, rounds or outbox to compare:\n%.500s", before)
	}
	if before != after {
		t.Errorf("restored store differs:\nbefore %.300s\nafter  %.300s", before, after)
	}
}

// dumpStore is the members, rounds and outbox of the console community in
// dir, as JSON.
func dumpStore(t *testing.T, dir string) string {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var d struct {
		Members []*bot.Member      `json:"members"`
		Rounds  []*bot.Round       `json:"rounds"`
		Pending []*bot.OutboxEntry `json:"pending"`
		Done    []*bot.OutboxEntry `json:"done"`
		Intros  []*bot.Intro       `json:"intros"`
		State   *bot.State         `json:"state"`
	}
	err = db.View(context.Background(), func(tx bot.Tx) error {
		const comm = "local"
		err := tx.Members(comm, func(m *bot.Member) error { d.Members = append(d.Members, m); return nil })
		if err == nil {
			err = tx.Rounds(comm, func(r *bot.Round) error { d.Rounds = append(d.Rounds, r); return nil })
		}
		if err == nil {
			err = tx.Pending("console", func(e *bot.OutboxEntry) error { d.Pending = append(d.Pending, e); return nil })
		}
		if err == nil {
			err = tx.Done("console", func(e *bot.OutboxEntry) error { d.Done = append(d.Done, e); return nil })
		}
		if err == nil {
			err = tx.Intros(comm, func(i *bot.Intro) error { d.Intros = append(d.Intros, i); return nil })
		}
		if err == nil {
			d.State, err = tx.State(comm)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestScheduledBackupsRotate: scheduled backups are complete and only the
// newest `keep` stay; other files in the directory are left alone.
func TestScheduledBackupsRotate(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "data"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	backups := filepath.Join(dir, "backups")
	os.MkdirAll(backups, 0o700)
	os.WriteFile(filepath.Join(backups, "notes.txt"), []byte("mine"), 0o600)
	c := BackupConfig{Dir: backups, Keep: 3}
	start := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	for i := range 5 {
		if _, err := scheduledBackup(db, c, start.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(backups)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"notes.txt", "rete-20261127T050000Z.bak", "rete-20261127T060000Z.bak", "rete-20261127T070000Z.bak"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("backups dir = %v, want %v", names, want)
	}
	f, err := os.Open(filepath.Join(backups, want[3]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := store.CheckBackup(f); err != nil {
		t.Errorf("newest backup: %v", err)
	}
}

// TestBackupAndLimitsConfig: the new keys are read and checked.
func TestBackupAndLimitsConfig(t *testing.T) {
	for _, tt := range []struct {
		yaml, wantErr string
	}{
		{"backup: {dir: /b, every: 6h, keep: 3}\nlimits: {commands_per_minute: 10}\n", ""},
		{"backup: {dir: /b}\n", ""},
		{"backup: {dir: /b, every: 1s}\n", "backup.every"},
		{"backup: {dir: /b, every: daily}\n", "backup.every"},
		{"limits: {commands_per_minute: -1}\n", "limits.commands_per_minute"},
	} {
		cfg, err := parseConfig("c.yaml", []byte(tt.yaml), func(string) string { return "" })
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%q: %v", tt.yaml, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%q: error %v, want one about %s", tt.yaml, err, tt.wantErr)
		case err == nil && cfg.Backup.keep() < 1:
			t.Errorf("%q: keep %d", tt.yaml, cfg.Backup.keep())
		}
	}
}
