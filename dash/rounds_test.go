package dash_test

import (
	"net/http"
	"strings"
	"testing"
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
	if len(lines) != 2 || lines[0] != "round,period,group,members,answers" {
		t.Fatalf("rounds.csv:\n%s", body)
	}
	if !strings.HasPrefix(lines[1], "1,") || !strings.Contains(lines[1], "console:local:anna=yes") || !strings.Contains(lines[1], "console:local:bruno=none") {
		t.Errorf("row %q lacks the answers", lines[1])
	}
}
