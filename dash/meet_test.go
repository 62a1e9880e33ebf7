package dash_test

import (
	"context"
	"encoding/csv"
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
	// The CSV has the group's picked time and its call-off.
	_, csvBody, _ := get(t, c, e.srv.URL+"/dash/rounds.csv")
	rows, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rounds.csv: %v, %d rows:\n%s", err, len(rows), csvBody)
	}
	var picked []string
	for _, row := range rows[1:] {
		if strings.Contains(row[3], "anna") {
			picked = row[5:]
		}
	}
	if len(picked) != 2 || picked[0] != "2026-03-03T10:00:00Z" || picked[1] != "yes" {
		t.Errorf("anna's group in rounds.csv: picked time and call-off %q, want 2026-03-03T10:00:00Z and yes", picked)
	}
}

func TestOverviewSaysHowManyMetAtAProposedTime(t *testing.T) {
	e := newEnv(t)
	e.joinAll()
	e.do("mod", "round now")
	var r *bot.Round
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds(comm, func(rd *bot.Round) error { r = rd; return nil })
	})
	if err != nil || r == nil || len(r.Groups) != 2 {
		t.Fatalf("round: %v, %+v, want 2 groups", err, r)
	}
	// One group picks a proposed time, and both groups meet.
	picker, other := r.Groups[0].Members[0].User, r.Groups[1].Members[0].User
	e.do(picker, "meet pick "+r.ID+" 1")
	e.now = e.now.AddDate(0, 0, 4) // after the picked call and the follow-up
	e.do(picker, "met yes "+r.ID)
	e.do(other, "met yes "+r.ID)
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/")
	body = unlabeled(body)
	if !strings.Contains(body, "At a proposed time") || !strings.Contains(body, `<td class="n">1 of 2</td>`) {
		t.Errorf("the overview does not say 1 of the 2 groups that met did at a proposed time:\n%s", body)
	}
}
