package dash_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/rete-bot/rete/bot"
)

func TestRoundsShowThePickedTime(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	e.do("mod", "round now")
	var round string
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds(comm, func(r *bot.Round) error { round = r.ID; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	// Monday 2 March 2026, 09:00 UTC: the first slot is Tuesday.
	e.do("anna", "meet pick "+round+" 1")
	c, _ := e.signIn()
	code, body, _ := get(t, c, e.srv.URL+"/dash/rounds")
	if code != http.StatusOK {
		t.Fatalf("rounds: %d", code)
	}
	if !strings.Contains(body, "Picked time") || strings.Count(body, "Tue 3 Mar 2026, 10:00") != 1 {
		t.Errorf("the rounds page does not show anna's pick once:\n%s", body)
	}
	// The pick is the group's, said once for it; a call-off is said too.
	if !strings.Contains(body, "Tue 3 Mar 2026, 10:00 UTC, picked by anna") {
		t.Errorf("the pick does not say who made it:\n%s", body)
	}
	e.do("anna", "meet cant "+round)
	_, body, _ = get(t, c, e.srv.URL+"/dash/rounds")
	if strings.Count(body, "Called off: anna couldn&#39;t make it this week.") != 1 {
		t.Errorf("the rounds page does not show the call-off:\n%s", body)
	}
}
