package dash_test

import (
	"strings"
	"testing"
	"time"
)

// TestOverviewDoesNotWaitForARecount: once the overview has counted the
// members, an overview after countsTTL shows the last counts at once
// while a count runs in the background, and a later one shows the new
// counts.
func TestOverviewDoesNotWaitForARecount(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	c, _ := e.signIn() // the first overview counts: 4 active
	c.Timeout = 5 * time.Second
	active := func() string {
		t.Helper()
		_, body, _ := get(t, c, e.srv.URL+"/dash/")
		s := section(body, "Members by status")
		i := strings.Index(s, "<td>active</td>")
		if i < 0 {
			t.Fatalf("no active row:\n%s", s)
		}
		return s[i : i+len(`<td>active</td><td class="n">4</td>`)]
	}
	e.do("anna", "leave")
	e.countGate = make(chan struct{})
	e.now = e.now.Add(31 * time.Second)
	if got := active(); got != `<td>active</td><td class="n">4</td>` {
		t.Errorf("while counting again the overview shows %s, want the last count, 4", got)
	}
	close(e.countGate)
	for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
		if got := active(); got == `<td>active</td><td class="n">3</td>` {
			break
		} else if time.Since(start) > 5*time.Second {
			t.Fatalf("the new count never showed: %s", got)
		}
	}
}
