package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
	"github.com/slack-go/slack"
)

func TestAnnounceCommand(t *testing.T) {
	state := func(fields map[string]string) *slack.ViewState {
		st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
		for b, v := range fields {
			a := slack.BlockAction{Value: v}
			switch b {
			case blockDate:
				a = slack.BlockAction{SelectedDate: v}
			case blockTime:
				a = slack.BlockAction{SelectedTime: v}
			}
			st.Values[b] = map[string]slack.BlockAction{inputAction: a}
		}
		return st
	}
	tests := []struct {
		name    string
		fields  map[string]string
		want    string
		missing string
	}{
		{"all fields", map[string]string{blockTitle: "Aperitivo", blockDate: "2026-12-10", blockTime: "18:30", blockPlace: "Bar Centrale", blockDetails: "Bring cards"},
			"announce Aperitivo | 2026-12-10 18:30 | Bar Centrale | Bring cards", ""},
		{"no description", map[string]string{blockTitle: "Aperitivo", blockDate: "2026-12-10", blockTime: "18:30", blockPlace: "Bar"},
			"announce Aperitivo | 2026-12-10 18:30 | Bar", ""},
		{"pipes and line breaks", map[string]string{blockTitle: "A | B", blockDate: "2026-12-10", blockTime: "09:05", blockPlace: "x|y", blockDetails: "one\ntwo |\r\n three"},
			"announce A / B | 2026-12-10 09:05 | x/y | one two / three", ""},
		{"blank title", map[string]string{blockTitle: "  ", blockDate: "2026-12-10", blockTime: "18:30", blockPlace: "Bar"}, "", blockTitle},
		{"no time", map[string]string{blockTitle: "A", blockDate: "2026-12-10", blockPlace: "Bar"}, "", blockTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, missing := announceCommand(state(tt.fields))
			if got != tt.want || missing != tt.missing {
				t.Errorf("announceCommand = %q, missing %q; want %q, %q", got, missing, tt.want, tt.missing)
			}
		})
	}
	if _, missing := announceCommand(nil); missing != blockTitle {
		t.Errorf("no state: missing %q", missing)
	}
}

// refusing is a ResultHandler that refuses every announce and records
// the requests.
type refusing struct {
	bot.Handler
	reqs chan bot.Request
}

func (r *refusing) HandleResult(ctx context.Context, req *bot.Request) (bot.Message, bool) {
	r.reqs <- *req
	if strings.HasPrefix(req.Text, "announce ") {
		return hello("2026-01-01 18:30 is in the past. <!channel>"), true
	}
	return r.Handle(ctx, req), false
}

// TestAnnounceRefusedInForm: a ResultHandler's refusal is shown in the
// modal, on the title field, over both transports.
func TestAnnounceRefusedInForm(t *testing.T) {
	for _, socket := range []bool{false, true} {
		name := map[bool]string{false: "HTTP", true: "SocketMode"}[socket]
		t.Run(name, func(t *testing.T) {
			rh := &refusing{reqs: make(chan bot.Request, 4)}
			e := newE2E(t, socket, func(b bot.Handler) bot.Handler { rh.Handler = b; return rh })
			mark := e.h.fake.Mark()
			ans := e.submit(t, e2eMod, map[string]string{blockTitle: "Old", blockDate: "2026-01-01", blockTime: "18:30", blockPlace: "Bar"})
			var resp slack.ViewSubmissionResponse
			if err := json.Unmarshal(ans, &resp); err != nil {
				t.Fatalf("answer %s: %v", ans, err)
			}
			if resp.ResponseAction != slack.RAErrors || resp.Errors[blockTitle] != "2026-01-01 18:30 is in the past. <!channel>" || len(resp.Errors) != 1 {
				t.Errorf("answer %s, want the refusal on the title", ans)
			}
			req := <-rh.reqs
			want := bot.Request{Platform: Platform, Space: testTeam, User: e2eMod, Name: "mod", Private: true, Text: "announce Old | 2026-01-01 18:30 | Bar", CanDM: bot.ReachYes, Prefix: "/rete "}
			if req != want {
				t.Errorf("request %+v, want %+v", req, want)
			}
			if err := e.h.a.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			if eph := e.h.fake.Since(mark, "chat.postEphemeral"); len(eph) != 0 {
				t.Errorf("a refusal shown in the form also went to the DM: %+v", eph)
			}
		})
	}
}

// TestAnnounceFormFallback: when views.open fails, or the command has
// arguments, the command goes to the core as typed.
func TestAnnounceFormFallback(t *testing.T) {
	e := newE2E(t, false, nil)
	e.h.fake.Fail("views.open", "expired_trigger_id", 0)
	e.must(t, e2eMod, "announce", "Usage: `/rete announce TITLE | WHEN | PLACE [| DETAILS]`")
	if n := len(e.h.fake.CallsOf("views.open")); n != 1 {
		t.Errorf("%d views.open calls, want 1", n)
	}
	e.must(t, "U0ANNA", "announce Party | 2030-01-01 18:30 | Bar", "Only moderators can use 'announce'")
	if n := len(e.h.fake.CallsOf("views.open")); n != 1 {
		t.Errorf("%d views.open calls, want none for announce with arguments", n-1)
	}
	// A member may open the form; the core refuses the submission.
	if ans := e.command(t, "U0ANNA", "Announce", "h"); len(ans) != 0 {
		t.Errorf("answer %s", ans)
	}
	if n := len(e.h.fake.CallsOf("views.open")); n != 2 {
		t.Errorf("the form did not open for a member")
	}
}
