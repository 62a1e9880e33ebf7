package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot/bottest"
)

// runRete runs the command line in-process and returns stdout and stderr.
func runRete(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

// runScript runs testdata/name through `rete console` on fresh data, with
// the demo members when demo is set, and returns the transcript.
func runScript(t *testing.T, name string, demo bool) string {
	t.Helper()
	script, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	// Today at 09:00 UTC, whatever the hour: scripts announce events for
	// "tomorrow 18:30" and wait for their reminders.
	y, m, d := time.Now().UTC().Date()
	clockStart = time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
	defer func() { clockStart = time.Time{} }()
	args := []string{"console", "--data", filepath.Join(t.TempDir(), "data")}
	if demo {
		args = append(args, "--demo")
	}
	out, stderr, err := runRete(t, string(script), args...)
	if err != nil {
		t.Fatalf("console: %v\n%s", err, stderr)
	}
	return out
}

// wantInOrder fails the test unless out holds every string of want, in order.
func wantInOrder(t *testing.T, out string, want []string) {
	t.Helper()
	pos := 0
	for _, w := range want {
		i := strings.Index(out[pos:], w)
		if i < 0 {
			t.Fatalf("transcript lacks %q after offset %d:\n%s", w, pos, out)
		}
		pos += i + len(w)
	}
}

func TestWalkthrough(t *testing.T) {
	out := runScript(t, "walkthrough.txt", false)
	// In order, what the walkthrough must show.
	want := []string{
		"giulia> join", "Welcome to *rete (local)*",
		"Ti scriverò in italiano",
		"Offri: ux design, grafica.",
		"Cerchi: go, kubernetes.",
		"marco> find ux", "1 member offers *ux design*", "@Giulia", "seeks go, kubernetes · seeks something you offer",
		"giulia> find k8s", "1 persona offre *kubernetes*", "@Marco",
		"giulia> profile @marco", "Backend developer, freelance.", "*Offre:* go, kubernetes",
		"giulia> block @marco", "Hai bloccato Marco",
		"giulia> find go", "Per ora nessun membro attivo offre go.",
		"giulia> export-me", `"bio": "Designer a Roma, 8 anni tra startup e agenzie."`, `"blocks": [`,
		"giulia> forget-me", "senza possibilità di recupero", "[1] Cancella tutto",
		"giulia> press 1", "ho cancellato tutti i tuoi dati",
		"admin> stats", "*Members:* 1 active, 0 paused", "*Unmet demand* (sought, offered by nobody): ux design (1)",
	}
	wantInOrder(t, out, want)
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := runRete(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "rete ") {
		t.Errorf("version: %q, %v", out, err)
	}
	_, stderr, err := runRete(t, "", "frobnicate")
	if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) || !strings.Contains(stderr, "Usage:") || !strings.Contains(stderr, "rete slack-manifest") {
		t.Errorf("unknown command: %v\n%s", err, stderr)
	}
	if _, _, err := runRete(t, "", "serve"); err == nil || !strings.Contains(err.Error(), "--config FILE") {
		t.Errorf("serve without config: %v", err)
	}
	if _, _, err := runRete(t, "", "console", "--bogus"); err == nil {
		t.Error("console --bogus accepted")
	}
}

func TestDemoAndBackupRestore(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	out, stderr, err := runRete(t, "as admin\nstats\nfind go\n", "console", "--data", data, "--demo")
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "demo: 40 sample members") || !strings.Contains(out, "*Members:* 36 active, 4 paused") {
		t.Fatalf("demo output:\n%s\n%s", out, stderr)
	}
	// A second --demo adds nobody.
	if _, stderr, _ := runRete(t, "", "console", "--data", data, "--demo"); !strings.Contains(stderr, "demo: 0 sample members") {
		t.Errorf("second demo: %s", stderr)
	}
	backup := filepath.Join(dir, "rete.bak")
	if out, stderr, err := runRete(t, "", "backup", "--data", data, backup); err != nil {
		t.Fatalf("backup: %v %s %s", err, out, stderr)
	}
	restored := filepath.Join(dir, "restored")
	if _, stderr, err := runRete(t, "", "restore", "--data", restored, backup); err != nil {
		t.Fatalf("restore: %v %s", err, stderr)
	}
	out, _, err = runRete(t, "as admin\nstats\n", "console", "--data", restored)
	if err != nil || !strings.Contains(out, "*Members:* 36 active, 4 paused") {
		t.Errorf("restored stats: %v\n%s", err, out)
	}
	// Restoring over existing data is refused.
	if _, _, err := runRete(t, "", "restore", "--data", restored, backup); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore over data: %v", err)
	}
}

func TestDataDirInUse(t *testing.T) {
	dir := t.TempDir()
	cfg, err := loadConfig("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = dir
	db, err := openStore(dir, newLogger(&bytes.Buffer{}, cfg.Log))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, err = runRete(t, "", "console", "--data", dir)
	if err == nil || !strings.Contains(err.Error(), "data dir "+dir+" is in use by another rete process") {
		t.Errorf("second open: %v", err)
	}
}

func TestDataDirIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runRete(t, "", "console", "--data", file)
	if err == nil || !strings.Contains(err.Error(), "data dir "+file+" is a file, not a directory") {
		t.Errorf("console on a file: %v", err)
	}
}

func TestServeHealth(t *testing.T) {
	addr, stop := serveWith(t, "")
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// TestServeRoutesEnabledAdapters: serve routes the webhooks of the
// adapters the config enables, and only theirs.
func TestServeRoutesEnabledAdapters(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		want       int
	}{
		{"slack over HTTP", "slack: {bot_token: xoxb-1, signing_secret: s3cret, api_url: \"http://127.0.0.1:1\"}\n", http.StatusUnauthorized},
		{"slack over Socket Mode only", "slack: {bot_token: xoxb-1, app_token: xapp-1, api_url: \"http://127.0.0.1:1\"}\n", http.StatusNotFound},
		{"no slack", "", http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr, stop := serveWith(t, tt.yaml)
			resp, err := http.Post("http://"+addr+"/slack/commands", "application/x-www-form-urlencoded", strings.NewReader("text=help"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("unsigned POST /slack/commands: %d, want %d", resp.StatusCode, tt.want)
			}
			stop()
		})
	}
}

// TestServeRoutesDiscordInteractions: with a public key, serve takes
// Discord's interactions over HTTP and refuses unsigned ones.
func TestServeRoutesDiscordInteractions(t *testing.T) {
	key := strings.Repeat("ab", 32)
	addr, stop := serveWith(t, "discord: {bot_token: t0ken, application_id: \"1\", public_key: "+key+", api_url: \"http://127.0.0.1:1\"}\n")
	resp, err := http.Post("http://"+addr+"/discord/interactions", "application/json", strings.NewReader(`{"type":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned POST /discord/interactions: %d, want 401", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Errorf("serve: %v", err)
	}
}

// serveWith runs `rete serve` with extra config until it is ready, and
// returns its address and a func that stops it and returns its error.
func serveWith(t *testing.T, extra string) (addr string, stop func() error) {
	t.Helper()
	return serveIn(t, filepath.Join(t.TempDir(), "data"), extra)
}

// serveIn is serveWith on the data dir data.
func serveIn(t *testing.T, data, extra string) (addr string, stop func() error) {
	t.Helper()
	addr = freeAddr(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.yaml")
	os.WriteFile(conf, []byte(fmt.Sprintf("data_dir: %s\nhttp: {listen: %q}\nlog: {level: warn}\n%s", data, addr, extra)), 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr bottest.SyncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--config", conf}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	var code int
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			code = resp.StatusCode
			resp.Body.Close()
			if code == http.StatusOK {
				break
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v: %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if code != http.StatusOK {
		cancel()
		t.Fatalf("readyz never answered 200 (last %d): %s", code, stderr.String())
	}
	return addr, func() error { cancel(); return <-done }
}

func TestSimulateAndRoundCLI(t *testing.T) {
	out, stderr, err := runRete(t, "", "simulate", "--members", "40", "--weeks", "5", "--seed", "3")
	if err != nil {
		t.Fatalf("simulate: %v %s", err, stderr)
	}
	for _, field := range []string{`"members":40`, `"weeks":5`, `"algo":"rete"`, `"first_repeat_week":null`, `"repeat_free_limit":39`, `"repeats":0`, `"violations":0`, `"sat_out_twice":0`, `"round_ms_p95":`, `"peak_heap_mb":`} {
		if !strings.Contains(out, field) {
			t.Errorf("simulate output lacks %s: %s", field, out)
		}
	}
	if _, _, err := runRete(t, "", "simulate", "--members", "1"); err == nil {
		t.Error("simulate with one member accepted")
	}
	data := filepath.Join(t.TempDir(), "data")
	if _, _, err := runRete(t, "quit\n", "console", "--data", data, "--demo"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runRete(t, "", "round", "preview", "--data", data)
	if err != nil || !strings.Contains(out, "18 groups. Nothing was sent or stored.") {
		t.Errorf("round preview: %v\n%s", err, out)
	}
	out, _, err = runRete(t, "", "round", "now", "--data", data, "--community", "local")
	if err != nil || !strings.Contains(out, "18 groups; intros are on their way") || !strings.Contains(out, "queued") {
		t.Errorf("round now: %v\n%s", err, out)
	}
	// The command line has no messengers: the console, which has groups,
	// sends each of the round's intros as one group conversation.
	out, _, err = runRete(t, "# deliver\nquit\n", "console", "--data", data)
	if err != nil || strings.Count(out, "[group → ") != 18 {
		t.Errorf("console after round now: %v, %d groups, want 18\n%s", err, strings.Count(out, "[group → "), out)
	}
	if _, _, err := runRete(t, "", "round", "now", "--data", data, "--community", "nope"); err == nil {
		t.Error("round for an unknown community accepted")
	}
	if _, _, err := runRete(t, "", "round", "later"); err == nil {
		t.Error("round later accepted")
	}
}

func TestIntrosEventsSession(t *testing.T) {
	out := runScript(t, "intros_events.txt", true)
	want := []string{
		"giulia> intro @marco", "Richiesta 1 inviata a Marco Rossi", "[dm → marco]", "[1] Accetta",
		"marco> press 1", "tu e Giulia Bianchi siete in contatto", "[group → giulia, marco]",
		"giulia> intro kubernetes", "La persona più adatta per *kubernetes*", "@Lukas Becker",
		"giulia> press 3", "Richiesta 2 inviata a Lukas Becker", "[dm → lukas]",
		"anna> intro decline 3", "[dm → giulia]", "La presentazione ad Anna Conti non è possibile in questo momento.",
		"giulia> intro @paolo fundraising", "Hai 3 richieste in attesa di risposta, il massimo consentito.",
		"admin> announce", "[post → #announcements]", "*Going:* 0", "[13] Going",
		"giulia> press 13", "[edit", "*Going:* 1",
		"marco> rsvp 1 yes", "*Going:* 2",
		"admin> stats", "*Intros:* 5 requested, 1 accepted",
		"luca> wait 1d", "[dm → anna]", "Promemoria: Aperitivo di rete",
		"admin> event intros 1", "2 groups; intros are on their way", "Partecipate all'evento «Aperitivo di rete»",
	}
	wantInOrder(t, out, want)
	// What the requester is sent never says that someone declined.
	for _, msg := range strings.Split(out, "\n[") {
		if strings.HasPrefix(msg, "dm → giulia]") || strings.HasPrefix(msg, "reply → giulia]") {
			if l := strings.ToLower(msg); strings.Contains(l, "declin") || strings.Contains(l, "rifiut") {
				t.Errorf("the requester is told of a decline: %s", msg)
			}
		}
	}
}

func TestFindingSession(t *testing.T) {
	out := runScript(t, "finding.txt", true)
	want := []string{
		"giulia> find design", "5 persone offrono *design* o una competenza vicina", "@Francesca Marino — offre grafica", "@Ava Johnson",
		"giulia> find kubernets", "2 persone offrono *kubernetes*:", "@Marco Rossi",
		"giulia> find contabilità", "@Luca Ferrari (Ferrari & Co) — offre contabilità", "offre finanza",
		"giulia> profile Marco Rossi", "== @Marco Rossi ==", "*Cerca:* ux design, vendite",
		"giulia> profile rossi", "== @Marco Rossi ==",
		"giulia> profile Marco Verdi", "In questa community non c'è Marco Verdi.",
		`giulia> intro "Anna Conti" per la privacy`, "Richiesta 1 inviata ad Anna Conti", "[dm → anna]", "*Perché:* per la privacy del nostro prodotto",
		"emma> find accounting", "5 members offer *accounting* or a close skill", "— offers finance —",
		"admin> lang it", "Ti scriverò in italiano",
		"admin> members active design", "*Membri* (attivi, design): 6", "@Ava Johnson (@ava) — partecipa · ultima attività",
		"admin> members", "*Membri* (tutti): 40 · pagina 1 di 2", "Altri",
		"admin> press 3", "*Membri* (tutti): 40 · pagina 2 di 2",
		"admin> remove Marco Rossi", "Marco Rossi",
		"admin> members removed", "@Marco Rossi (@marco) — non fa più parte della community",
		"admin> unremove @marco", "[dm → marco]", "ha annullato la tua rimozione",
		"marco> join", "Eccoti di nuovo",
	}
	wantInOrder(t, out, want)
	if strings.Contains(out, "@Admin") {
		t.Errorf("the moderator's record outside the pool is listed:\n%s", out)
	}
}
