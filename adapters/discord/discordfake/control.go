package discordfake

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot/bottest"
)

// The application the fake is: give ApplicationID, BotToken and
// PublicKey() to the adapter's Config.
const (
	ApplicationID = "100000000000000001"
	BotToken      = "test-bot-token-secret"
	// ButtonPrefix starts the custom_id of rete's buttons.
	ButtonPrefix = "rete:"
)

// Key signs the interactions the fake sends over HTTP.
var Key = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// PublicKey is Key's public half in hex, as Discord shows it.
func PublicKey() string { return hex.EncodeToString(Key.Public().(ed25519.PublicKey)) }

// URL is the REST API's base, the adapter's APIURL.
func (f *Server) URL() string { return f.srv.URL }

// CloseDMs makes messages to user's DM channel answer 403 (50007).
func (f *Server) CloseDMs(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed[user] = true
}

// Leave makes user gone from the server: adding them to a thread
// answers 404 (10007).
func (f *Server) Leave(user string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gone[user] = true
}

// Limit enforces a global rate and per-route buckets, in requests per
// second, answering 429 past them.
func (f *Server) Limit(global, perRoute int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.global, f.routeRate = global, perRoute
}

// TooMany is the number of 429s answered.
func (f *Server) TooMany() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tooMany
}

// Calls returns the recorded calls from from to to.
func (f *Server) Calls(from, to int) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls[min(from, len(f.calls)):min(to, len(f.calls))]...)
}

// Ready waits until a client identified on the gateway and returns the
// intents it asked for.
func (f *Server) Ready(t testing.TB) int {
	t.Helper()
	select {
	case <-f.ready:
	case <-time.After(5 * time.Second):
		t.Fatal("the adapter never identified on the gateway")
	}
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	return f.intents
}

// Resumed is signalled each time a RESUME is answered.
func (f *Server) Resumed() <-chan struct{} { return f.resumed }

// Deliveries returns the messages posted and edited by calls from to to
// (Mark), as their readers see them: To is a DM's user, a thread's
// members or "#channel".
func (f *Server) Deliveries(from, to int) []bottest.Delivery {
	var out []bottest.Delivery
	for _, c := range f.Calls(from, to) {
		sent := c.Method == "POST" && MessagesPath.MatchString(c.Path) && c.ID != ""
		edited := c.Method == "PATCH" && MessagePath.MatchString(c.Path)
		if sent || edited {
			out = append(out, Delivery(f.Recipients(ChannelOf(c)), c.Body))
		}
	}
	return out
}

// Post signs body at ts with key and posts it to the interactions URL of
// the adapter served at base.
func Post(t testing.TB, client *http.Client, base string, body []byte, ts time.Time, key ed25519.PrivateKey) (*http.Response, []byte) {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	req, _ := http.NewRequest("POST", base+"/discord/interactions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(stamp), body...))))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

// Interact posts the interaction i, signed with Key now, to the adapter
// served at base and returns Discord's decoded answer.
func Interact(t testing.TB, base string, i map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(i)
	resp, out := Post(t, http.DefaultClient, base, body, time.Now(), Key)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("interaction: %s %s", resp.Status, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("interaction answer %s: %v", out, err)
	}
	return m
}
