package dash_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestRoundsShowGroupsReasonsAndAnswers(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	e.do("anna", "name <script>alert(1)</script>")
	e.do("mod", "round now")
	e.do("anna", "met yes")
	e.do("bruno", "met no")
	c, _ := e.signIn()
	code, body, _ := get(t, c, e.srv.URL+"/dash/rounds")
	if code != http.StatusOK {
		t.Fatalf("rounds: %d", code)
	}
	if strings.Contains(body, "<script>") {
		t.Error("a member's name reaches the rounds page unescaped")
	}
	if n := strings.Count(body, `class="group"`); n != 2 {
		t.Errorf("round of 4 members shows %d groups, want 2", n)
	}
	for _, want := range []string{`class="answer-yes"`, `class="answer-no"`, `class="answer-none"`, `href="/dash/rounds/preview"`} {
		if !strings.Contains(body, want) {
			t.Errorf("rounds page lacks %q", want)
		}
	}
}

func TestRoundsPageNewestFirstAndPaged(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno"} {
		e.do(u, "join")
	}
	for range 6 {
		e.do("mod", "round now")
		e.do("anna", "met yes") // members who never answer stop being paired
		e.do("bruno", "met yes")
		e.now = e.now.AddDate(0, 0, 14)
	}
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/rounds")
	if n := strings.Count(body, `class="round"`); n != 5 {
		t.Fatalf("first page shows %d rounds, want 5", n)
	}
	if !strings.Contains(body, "?page=1") {
		t.Error("first page has no link to the next")
	}
	_, body2, _ := get(t, c, e.srv.URL+"/dash/rounds?page=1")
	if n := strings.Count(body2, `class="round"`); n != 1 {
		t.Errorf("second page shows %d rounds, want 1", n)
	}
}

func TestRoundPreviewStoresNothing(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	c, _ := e.signIn()
	code, body, _ := get(t, c, e.srv.URL+"/dash/rounds/preview")
	if code != http.StatusOK || strings.Count(body, `class="group"`) != 2 {
		t.Fatalf("preview: %d, want 2 groups", code)
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/rounds")
	if strings.Contains(body, `class="round"`) {
		t.Error("the preview stored a round")
	}
}

func TestRoundsCSV(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno"} {
		e.do(u, "join")
	}
	e.do("mod", "round now")
	e.do("anna", "met yes")
	c, _ := e.signIn()
	code, body, h := get(t, c, e.srv.URL+"/dash/rounds.csv")
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("rounds.csv: %d %s", code, h.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) != 2 || lines[0] != "round,period,group,members,answers,picked_time,called_off" {
		t.Fatalf("rounds.csv:\n%s", body)
	}
	if !strings.HasPrefix(lines[1], "1,") || !strings.Contains(lines[1], "console:local:anna=yes") || !strings.Contains(lines[1], "console:local:bruno=none") {
		t.Errorf("row %q lacks the answers", lines[1])
	}
}

// putBigRound stores a round of n groups of two members (who need not
// exist) directly, as a community of 2n members would have.
func (e *env) putBigRound(n int) *bot.Round {
	e.t.Helper()
	rd := &bot.Round{Community: comm, ID: bot.RoundID(e.now, false), Number: 1, Period: e.now, Ran: e.now}
	for i := range n {
		a := bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", 2*i)}
		b := bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", 2*i+1)}
		rd.Groups = append(rd.Groups, bot.RoundGroup{Members: []bot.MemberID{a, b}, Answers: map[string]string{a.String(): "yes"}})
	}
	if err := e.db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutRound(rd) }); err != nil {
		e.t.Fatal(err)
	}
	return rd
}

func TestBigRoundIsPagedByGroups(t *testing.T) {
	e := newEnv(t)
	rd := e.putBigRound(120)
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/rounds")
	if n := strings.Count(body, `class="group"`); n != 10 {
		t.Errorf("rounds page shows %d groups of a round of 120, want the first 10", n)
	}
	page := "/dash/rounds/" + rd.ID
	if !strings.Contains(body, `href="`+page+`"`) || !strings.Contains(body, "Groups 1–10 of 120") {
		t.Fatalf("rounds page has no link to the round's own pages")
	}
	for _, tc := range []struct {
		page       string
		groups     int
		shown      string
		first      string
		prev, next bool
	}{
		{"", 50, "Groups 1–50 of 120", "u000000", false, true},
		{"?page=1", 50, "Groups 51–100 of 120", "u000100", true, true},
		{"?page=2", 20, "Groups 101–120 of 120", "u000200", true, false},
	} {
		code, body, _ := get(t, c, e.srv.URL+page+tc.page)
		if code != http.StatusOK {
			t.Fatalf("%s%s: %d", page, tc.page, code)
		}
		if n := strings.Count(body, `class="group"`); n != tc.groups || !strings.Contains(body, tc.shown) || !strings.Contains(body, tc.first) {
			t.Errorf("%s: %d groups, want %d (%s, from %s)", tc.page, n, tc.groups, tc.shown, tc.first)
		}
		if got := strings.Contains(body, "Previous page"); got != tc.prev {
			t.Errorf("%s: previous-page link %v, want %v", tc.page, got, tc.prev)
		}
		if got := strings.Contains(body, "Next page"); got != tc.next {
			t.Errorf("%s: next-page link %v, want %v", tc.page, got, tc.next)
		}
	}
	if code, _, _ := get(t, c, e.srv.URL+"/dash/rounds/20990101T0000Z"); code != http.StatusNotFound {
		t.Errorf("a round that does not exist: %d, want 404", code)
	}
}

// A member forgotten after a round shows as a deleted member in its
// answers and in the CSV, in the reader's language, never as the
// stand-in's id.
func TestForgottenMemberInRoundsIsDeletedMember(t *testing.T) {
	for _, tc := range []struct {
		lang, want string
	}{{"en", "(deleted member)"}, {"it", "(profilo eliminato)"}} {
		t.Run(tc.lang, func(t *testing.T) {
			e := newEnv(t)
			e.do("mod", "join")
			e.do("mod", "lang "+tc.lang)
			e.do("anna", "join")
			e.do("bruno", "join")
			e.do("mod", "round now")
			e.do("bruno", "forget-me confirm")
			c, _ := e.signIn()
			for _, page := range []string{"/dash/rounds", "/dash/rounds.csv"} {
				_, body, _ := get(t, c, e.srv.URL+page)
				if strings.Contains(body, "forgotten:") || !strings.Contains(body, tc.want) {
					t.Errorf("%s shows the forgotten member as an id, not %q", page, tc.want)
				}
			}
		})
	}
}
