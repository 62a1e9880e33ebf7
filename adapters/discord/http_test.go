package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// TestRefusedRequests: nothing unsigned, badly signed, stale or too large
// reaches the core.
func TestRefusedRequests(t *testing.T) {
	rec := &bottest.Recorder{}
	x := newHarness(t, rec, false, nil)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	i := x.base(testMembers[0], 2, false, "0")
	i["data"] = commandData(t, "join")
	cmd, _ := json.Marshal(i)
	ping := []byte(`{"id":"1","token":"t","type":1,"version":1}`)
	huge := append([]byte(`{"type":1,"x":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	huge = append(huge, `"}`...)
	for _, tc := range []struct {
		name string
		body []byte
		ts   time.Time
		key  ed25519.PrivateKey
		want int
	}{
		{"BadSignature", cmd, time.Now(), other, http.StatusUnauthorized},
		{"StaleTimestamp", cmd, time.Now().Add(-6 * time.Minute), testKey, http.StatusUnauthorized},
		{"FutureTimestamp", cmd, time.Now().Add(6 * time.Minute), testKey, http.StatusUnauthorized},
		{"PingWithBadSignature", ping, time.Now(), other, http.StatusUnauthorized},
		{"OneMebibyte", huge, time.Now(), testKey, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := x.post(t, tc.body, tc.ts, tc.key)
			if resp.StatusCode != tc.want {
				t.Errorf("%s: %s %s, want %d", tc.name, resp.Status, body, tc.want)
			}
		})
	}
	req, _ := http.NewRequest("POST", x.srv.URL+"/discord/interactions", bytes.NewReader(cmd))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned: %s, want 401", resp.Status)
	}
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("%d refused requests reached the core", n)
	}
	// A signed PING is answered with a PONG.
	resp, body := x.post(t, ping, time.Now(), testKey)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != `{"type":1}` {
		t.Errorf("ping: %s %s", resp.Status, body)
	}
}

// TestRealSignatureVerifies: Discord's own signed request verifies with
// the clock at its time and is refused with the real clock.
func TestRealSignatureVerifies(t *testing.T) {
	raw, err := os.ReadFile("../kit/testdata/interaction.application_command.guild.signed.raw.json")
	if err != nil {
		t.Fatal(err)
	}
	var hdr struct {
		Key     string            `json:"public_key_hex"`
		Headers map[string]string `json:"headers"`
	}
	b, _ := os.ReadFile("../kit/testdata/interaction.application_command.guild.signed.headers.json")
	if err := json.Unmarshal(b, &hdr); err != nil {
		t.Fatal(err)
	}
	sec, _ := strconv.ParseInt(hdr.Headers["X-Signature-Timestamp"], 10, 64)
	for _, tc := range []struct {
		name string
		now  time.Time
		want int
	}{{"AtItsTime", time.Unix(sec+30, 0), http.StatusOK}, {"Now", time.Now(), http.StatusUnauthorized}} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &bottest.Recorder{}
			x := newHarness(t, rec, false, func(c *Config) { c.PublicKey, c.Now = hdr.Key, func() time.Time { return tc.now } })
			req, _ := http.NewRequest("POST", x.srv.URL+"/discord/interactions", bytes.NewReader(raw))
			for k, v := range hdr.Headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("%s, want %d", resp.Status, tc.want)
			}
			if reqs := rec.Requests(); tc.want == http.StatusOK && (len(reqs) != 1 || reqs[0].Text != "sign llamas" || reqs[0].User != "410212090289192960") {
				t.Errorf("the signed command became %+v", reqs)
			}
		})
	}
}

// TestCorpusInteractions: Discord's payloads decode and reach the core
// with the member, the space and the typed options they carry.
func TestCorpusInteractions(t *testing.T) {
	for _, tc := range []struct {
		file        string
		user, space string
		text        string
		private     bool
	}{
		{"interaction.application_command.subcommand.dm.json", "53908232506183680", "", "team join", true},
		{"interaction.application_command.subcommand.guild.json", "53908232506183680", "290926798626357999", "team join", true},
		{"interaction.message_component.button.dm.json", "", "", "", false},
		{"interaction.application_command.guild.docs_example.json", "53908232506183680", "290926798626357999", "", true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rec := &bottest.Recorder{}
			x := newHarness(t, rec, false, nil) // the files share interaction ids
			body, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			resp, out := x.post(t, body, time.Now(), testKey)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s %s", resp.Status, out)
			}
			reqs := rec.Requests()
			if tc.user == "" {
				if len(reqs) != 0 {
					t.Errorf("a button rete did not make reached the core: %+v", reqs)
				}
				return
			}
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.User != tc.user || r.Space != tc.space || !strings.HasPrefix(r.Text, tc.text) || r.Typed == nil || r.Private != tc.private {
				t.Errorf("request %+v", r)
			}
			if tc.space == "" && r.CanDM != bot.ReachYes {
				t.Errorf("a DM's request says CanDM %v, want yes", r.CanDM)
			}
		})
	}
}

// TestSlowAnswersAreDeferred: a reply slower than AckAfter is deferred
// (type 5 for a command, 6 for a press) and finished by editing the
// original response, or with an ephemeral follow-up to a press.
func TestSlowAnswersAreDeferred(t *testing.T) {
	t.Parallel() // a gateway closes in a second (discordgo waits for the server)
	for _, gw := range []bool{false, true} {
		t.Run(map[bool]string{false: "HTTP", true: "Gateway"}[gw], func(t *testing.T) {
			rec := &bottest.Recorder{Reply: func(r *bot.Request) bot.Message {
				time.Sleep(100 * time.Millisecond)
				return bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("late: " + r.Text))}}
			}}
			x := newHarness(t, rec, gw, func(c *Config) { c.AckAfter = 10 * time.Millisecond })
			f := x.fake
			i := x.base(testMembers[0], 2, false, "0")
			i["data"] = commandData(t, "find go")
			mark := f.Mark()
			if ans := x.send(t, i); ans["type"].(float64) != 5 || !ephemeral(ans) {
				t.Errorf("slow command answered %v, want an ephemeral deferral (type 5)", ans)
			}
			edit := f.Wait(t, mark, "PATCH", regexp.MustCompile(`^/api/v9/webhooks/`+testApp+`/tok-`+i["id"].(string)+`/messages/@original$`), 1)
			if d := discordfake.Delivery(nil, edit[0].Body); d.Text != "late: find go" {
				t.Errorf("late edit %q", d.Text)
			}
			p := x.base(testMembers[0], 3, false, "0")
			p["data"] = map[string]any{"custom_id": buttonPrefix + "events", "component_type": 2}
			p["message"] = map[string]any{"id": "5", "channel_id": testChannel}
			mark = f.Mark()
			if ans := x.send(t, p); ans["type"].(float64) != 6 {
				t.Errorf("slow press answered %v, want a deferred update (type 6)", ans)
			}
			fu := f.Wait(t, mark, "POST", regexp.MustCompile(`^/api/v9/webhooks/`+testApp+`/tok-`+p["id"].(string)+`$`), 1)
			if flags, _ := fu[0].Body["flags"].(float64); int(flags)&64 == 0 || discordfake.Delivery(nil, fu[0].Body).Text != "late: events" {
				t.Errorf("late follow-up %v", fu[0].Body)
			}
			if err := x.a.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
