package console

import (
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rete-bot/rete/adapters/kit"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

type harness struct {
	c   *Console
	out *bottest.SyncBuffer
	rec *bottest.Recorder
}

var members = []string{"anna", "marco", "giulia"}

func (h *harness) Messenger() bot.Messenger { return h.c }
func (h *harness) Member(n int) bot.MemberID {
	return bot.MemberID{Platform: Platform, Space: DefaultSpace, User: members[n]}
}
func (h *harness) Unreachable() (bot.MemberID, bool) { return bot.MemberID{}, false }
func (h *harness) Channel() (string, string)         { return DefaultSpace, "events" }

var labelLine = regexp.MustCompile(`^\[(reply|dm|group|post|edit \d+) → (.*)\]$`)
var buttonLine = regexp.MustCompile(`^  \[(\d+)\] (.*)$`)

// linkLabel is a link button's line: its label, then the address.
var linkLabel = regexp.MustCompile(`^(.*) <(https?://\S+)>$`)

// parse reads the console's output back into deliveries.
func (h *harness) parse(t *testing.T, out string) []bottest.Delivery {
	t.Helper()
	var ds []bottest.Delivery
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if m := labelLine.FindStringSubmatch(line); m != nil {
			ds = append(ds, bottest.Delivery{To: strings.Split(m[2], ", ")})
			continue
		}
		if len(ds) == 0 {
			if line != "" {
				t.Fatalf("output line outside a message: %q", line)
			}
			continue
		}
		d := &ds[len(ds)-1]
		if m := buttonLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			h.c.mu.Lock()
			b := bot.Button{Label: m[2], Command: h.c.buttons[n-1].button.Command}
			if u := linkLabel.FindStringSubmatch(m[2]); u != nil {
				b.Label, b.URL = u[1], u[2]
			}
			d.Buttons = append(d.Buttons, b)
			h.c.mu.Unlock()
			continue
		}
		d.Text += strings.TrimPrefix(line, "  ") + "\n"
	}
	return ds
}

func (h *harness) Deliveries(t *testing.T) []bottest.Delivery { return h.parse(t, h.out.Take()) }

func (h *harness) run(t *testing.T, lines ...string) bottest.Delivery {
	t.Helper()
	h.out.Take()
	if err := h.c.RunFrom(context.Background(), strings.NewReader(strings.Join(lines, "\n")), h.rec); err != nil {
		t.Fatal(err)
	}
	ds := h.parse(t, h.out.Take())
	if len(ds) != 1 {
		t.Fatalf("%d messages, want the reply only: %+v", len(ds), ds)
	}
	return ds[0]
}

func (h *harness) Command(t *testing.T, n int, text string) bottest.Delivery {
	return h.run(t, "as "+members[n], text)
}

func (h *harness) Press(t *testing.T, n int, d bottest.Delivery, button int) bottest.Delivery {
	h.c.mu.Lock()
	idx := -1
	for i, p := range h.c.buttons {
		if p.button.Command == d.Buttons[button].Command {
			idx = i
		}
	}
	h.c.mu.Unlock()
	return h.run(t, "as "+members[n], "press "+strconv.Itoa(idx+1))
}

func newHarness(t *testing.T, rec *bottest.Recorder) *harness {
	out := &bottest.SyncBuffer{}
	return &harness{c: New(out, Options{}), out: out, rec: rec}
}

func TestConformance(t *testing.T) {
	bottest.Run(t, func(t *testing.T, rec *bottest.Recorder) bottest.Harness { return newHarness(t, rec) })
}

func TestScript(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // substrings of the output, in order
		reqs  []string // "user:admin:text" of each request
	}{
		{
			name:  "acting member and echo",
			input: "as Anna Rossi\njoin\n# a comment\nas mod admin\nstats\n",
			want:  []string{"anna.rossi> join", "[reply → anna.rossi]", "ok: join", "mod> stats", "[reply → mod]"},
			reqs:  []string{"anna.rossi:false:join", "mod:true:stats"},
		},
		{
			name:  "slash prefixes are accepted",
			input: "/rete help\n/join\n",
			reqs:  []string{"admin:false:help", "admin:false:join"},
		},
		{
			name:  "bad lines get a note, not a request",
			input: "as\npress 9\nas bad/name\n",
			want:  []string{"usage: as NAME [admin]", "usage: press N", "names are letters"},
		},
		{
			name:  "quit stops reading",
			input: "join\nquit\nleave\n",
			reqs:  []string{"admin:false:join"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &bottest.SyncBuffer{}
			rec := &bottest.Recorder{}
			c := New(out, Options{Echo: true})
			if err := c.RunFrom(context.Background(), strings.NewReader(tt.input), rec); err != nil {
				t.Fatal(err)
			}
			got := out.Take()
			pos := 0
			for _, w := range tt.want {
				i := strings.Index(got[pos:], w)
				if i < 0 {
					t.Fatalf("output lacks %q after offset %d:\n%s", w, pos, got)
				}
				pos += i + len(w)
			}
			var reqs []string
			for _, r := range rec.Requests() {
				reqs = append(reqs, r.User+":"+strconv.FormatBool(r.Admin)+":"+r.Text)
			}
			if strings.Join(reqs, "|") != strings.Join(tt.reqs, "|") {
				t.Errorf("requests %q, want %q", reqs, tt.reqs)
			}
		})
	}
}

func TestButtonOwner(t *testing.T) {
	out := &bottest.SyncBuffer{}
	rec := &bottest.Recorder{}
	c := New(out, Options{})
	m := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("accept?"))}, Buttons: []bot.Button{{Label: "Accept", Command: "intro accept 1"}}}
	if _, err := c.DM(context.Background(), bot.MemberID{Platform: Platform, Space: DefaultSpace, User: "marco"}, m); err != nil {
		t.Fatal(err)
	}
	if err := c.RunFrom(context.Background(), strings.NewReader("as anna\npress 1\nas marco\npress 1\n"), rec); err != nil {
		t.Fatal(err)
	}
	reqs := rec.Requests()
	if len(reqs) != 1 || reqs[0].User != "marco" || !reqs[0].Button {
		t.Fatalf("requests %+v, want one button press by marco", reqs)
	}
	if !strings.Contains(out.Take(), "button [1] was sent to marco") {
		t.Error("anna's press was not refused with a note")
	}
}

func TestRenderDropsControlCharacters(t *testing.T) {
	m := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("evil\x1b[2Jbio\x07"), bot.Strong("x"))}}
	if got, want := Render(m), "evil[2Jbio*x*"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}

func TestLongLineIsRefusedAndSessionGoesOn(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		refused bool
	}{
		{"2 MiB", strings.Repeat("a", 2<<20), true},
		{"just over the limit", strings.Repeat("a", MaxLine+1), true},
		{"at the limit", "offer add " + strings.Repeat("a", MaxLine-len("offer add ")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := &bottest.SyncBuffer{}
			rec := &bottest.Recorder{}
			c := New(out, Options{})
			if err := c.RunFrom(context.Background(), strings.NewReader(tt.line+"\njoin\n"), rec); err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, r := range rec.Requests() {
				texts = append(texts, r.Text)
			}
			want := []string{tt.line, "join"}
			if tt.refused {
				want = want[1:]
			}
			if len(texts) != len(want) || texts[len(texts)-1] != "join" || len(texts[0]) != len(want[0]) {
				t.Fatalf("requests of lengths %d, want %d then join", len(texts), len(want))
			}
			got := out.Take()
			if !strings.HasSuffix(got, "ok: join\n") {
				t.Errorf("join was not answered last")
			}
			if shown := strings.Contains(got, "over 1 MiB"); shown != tt.refused {
				t.Errorf("refusal note shown: %v, want %v", shown, tt.refused)
			}
		})
	}
}

var (
	_ kit.Adapter = (*Console)(nil)
	_ kit.Runner  = (*Console)(nil)
)

// TestRunReadsOptionsIn: under the kit lifecycle the console reads the
// input given at construction.
func TestRunReadsOptionsIn(t *testing.T) {
	rec := &bottest.Recorder{}
	c := New(io.Discard, Options{In: strings.NewReader("as anna\njoin\n")})
	if err := c.Run(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	reqs := rec.Requests()
	if len(reqs) != 1 || reqs[0].Text != "join" || reqs[0].Name != "anna" {
		t.Errorf("requests: %+v", reqs)
	}
	if err := New(io.Discard, Options{}).Run(context.Background(), rec); err != nil {
		t.Errorf("no input: %v", err)
	}
}
