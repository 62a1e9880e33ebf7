package dash_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/match"
)

// seedYear stores a year of daily snapshots (the last one today), with
// members, intro totals and the top 20 skills growing day by day.
func (e *env) seedYear(b testing.TB) {
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for d := range 365 {
			sn := &bot.Snapshot{Community: comm, Day: e.now.AddDate(0, 0, d-364).Format(time.DateOnly),
				Members:         map[bot.Status]int{bot.StatusActive: 40_000 + 150*d, bot.StatusPaused: 5_000 + 10*d, bot.StatusLeft: 2 * d, bot.StatusUnreachable: d / 3},
				IntrosRequested: 30 * d, IntrosAccepted: 20 * d, IntrosExpired: 5 * d, Rounds: d / 14}
			for k := range 20 {
				sn.Offers = append(sn.Offers, bot.SkillCount{Skill: fmt.Sprintf("skill%d", k), N: 9_000 - 300*k + 5*d})
				sn.Seeks = append(sn.Seeks, bot.SkillCount{Skill: fmt.Sprintf("wish%d", k), N: 6_000 - 200*k + 3*d})
				sn.Unmet = append(sn.Unmet, bot.SkillCount{Skill: fmt.Sprintf("rare%d", k), N: 300 - 10*k + d/10})
			}
			if err := tx.PutSnapshot(sn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// seedRounds stores rounds-1 rounds of 200 groups, a fortnight apart, and
// a latest one of big groups, every member of the groups answering.
func (e *env) seedRounds(b testing.TB, rounds, big int) string {
	var id string
	for r := range rounds {
		at := e.now.AddDate(0, 0, 14*(r-rounds+1))
		rd := &bot.Round{Community: comm, ID: bot.RoundID(at, false), Number: r + 1, Period: at, Ran: at}
		n := 200
		if r == rounds-1 {
			n, id = big, rd.ID
		}
		for i := range n {
			a := bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", (2*i)%100_000)}
			c := bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", (2*i+1)%100_000)}
			rd.Groups = append(rd.Groups, bot.RoundGroup{Members: []bot.MemberID{a, c}, Answers: map[string]string{a.String(): "yes", c.String(): "no"},
				Reasons: []match.Reason{{Kind: match.ReasonComplement, Giver: a.String(), Taker: c.String(), Skill: fmt.Sprintf("skill%d", i%20)}}})
		}
		// A big round is staged a part a transaction, as the core stores it.
		if len(rd.Groups) > bot.RoundPart {
			for part := range (len(rd.Groups) + bot.RoundPart - 1) / bot.RoundPart {
				if err := e.db.Update(context.Background(), func(tx bot.Tx) error { return tx.StageRound(rd, part) }); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := e.db.Update(context.Background(), func(tx bot.Tx) error { return tx.PutRound(rd) }); err != nil {
			b.Fatal(err)
		}
	}
	return id
}

// seedEvents stores n events, half past, half upcoming, with 40 RSVPs each.
func (e *env) seedEvents(b testing.TB, n int) {
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for i := range n {
			ev := &bot.Event{Community: comm, ID: fmt.Sprint(i + 1), Title: fmt.Sprintf("Meetup %d", i+1), Start: e.now.AddDate(0, 0, 7*(i-n/2)),
				Duration: 2 * time.Hour, Place: "Milano", RSVPs: map[string]bool{}}
			for k := range 40 {
				ev.RSVPs[fmt.Sprintf("console:local:u%06d", (i*40+k)*7%100_000)] = k%5 != 0
			}
			if err := tx.PutEvent(ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// seedIntros stores n answered intro requests of the last year, 2000 a
// transaction.
func (e *env) seedIntros(b testing.TB, n int) {
	states := []bot.IntroState{bot.IntroAccepted, bot.IntroAccepted, bot.IntroDeclined, bot.IntroExpired}
	for start := 0; start < n; start += 2000 {
		err := e.db.Update(context.Background(), func(tx bot.Tx) error {
			for i := start; i < min(start+2000, n); i++ {
				sent := e.now.Add(-time.Duration(i) * 50 * time.Minute)
				in := &bot.Intro{Community: comm, ID: fmt.Sprint(i + 1), State: states[i%len(states)], Created: sent, Sent: sent, Answered: sent.Add(5 * time.Hour),
					From: bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", i*7%100_000)},
					To:   bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%06d", i*13%100_000)}, Why: "to talk about Go and databases"}
				if err := tx.PutIntro(in); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestPageTimesChartsAndRounds prints p50 and p99 of rendering the
// overview (cold: every cache expired; warm), the skills, rounds and
// events pages with 100k members, a year of daily snapshots, 10k intros
// and a round of 50k groups (go test ./dash -run PageTimes -v -times).
func TestPageTimesChartsAndRounds(t *testing.T) {
	if !*times {
		t.Skip("-times measures page times with 100k members")
	}
	e := newEnvAt(t, t.TempDir()) // on disk: a round of 50k groups is a value of 14 MB
	e.seed(t, 100_000)
	e.seedYear(t)
	big := e.seedRounds(t, 26, 50_000)
	e.seedEvents(t, 40)
	e.seedIntros(t, 10_000)
	cs, err := e.db.Census(context.Background(), e.now)
	if err != nil {
		t.Fatal(err)
	}
	e.cached = cs.Members[comm] // cmd/rete caches the census 30 s
	c, _ := e.signIn()
	measure := func(u string, cold bool, runs int) {
		t.Helper()
		var ds []time.Duration
		size := 0
		for range runs {
			if cold {
				e.now = e.now.Add(31 * time.Second) // past every cache's 30 s
			}
			start := time.Now()
			resp, err := c.Get(e.srv.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			ds = append(ds, time.Since(start))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", u, resp.StatusCode)
			}
			size = len(body)
		}
		slices.Sort(ds)
		kind := "warm"
		if cold {
			kind = "cold"
		}
		t.Logf("%-44s %s p50 %7.1f ms  p99 %7.1f ms  %7d bytes", u, kind, ms(ds[len(ds)/2]), ms(ds[len(ds)*99/100]), size)
	}
	for _, p := range []struct {
		u    string
		runs int
	}{
		{"/dash/", 50}, {"/dash/skills", 10}, {"/dash/rounds", 20}, {"/dash/rounds/" + big, 20},
		{"/dash/rounds/" + big + "?page=999", 20}, {"/dash/events", 50},
	} {
		measure(p.u, true, p.runs)
		measure(p.u, false, 50)
	}
}
