package dash_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// putSnapshots stores snapshots of comm.
func (e *env) putSnapshots(snaps ...*bot.Snapshot) {
	e.t.Helper()
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, sn := range snaps {
			sn.Community = comm
			if err := tx.PutSnapshot(sn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// section is the part of a page from the heading text on to the next
// section.
func section(body, heading string) string {
	i := strings.Index(body, heading)
	if i < 0 {
		return ""
	}
	s := body[i:]
	if j := strings.Index(s, "</section>"); j >= 0 {
		s = s[:j]
	}
	return s
}

func TestOverviewCountsIntrosPerWeekFromRunningTotals(t *testing.T) {
	e := newEnv(t)
	snap := func(day string, req, acc, exp int) *bot.Snapshot {
		return &bot.Snapshot{Day: day, IntrosRequested: req, IntrosAccepted: acc, IntrosExpired: exp}
	}
	// Weeks from Monday: 16 Feb, 23 Feb (a missed day in between), 2 Mar.
	e.putSnapshots(snap("2026-02-16", 10, 5, 1), snap("2026-02-20", 13, 6, 1),
		snap("2026-02-25", 20, 9, 2), snap("2026-03-01", 22, 12, 4), snap("2026-03-02", 22, 12, 4))
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/")
	body = unlabeled(body)
	intros := section(body, "Per week")
	if n := strings.Count(intros, `<path class="line intro`); n != 3 {
		t.Errorf("intros chart has %d lines, want requested, accepted and expired", n)
	}
	for _, want := range []string{
		`<tr><td>2026-03-02</td><td class="n">0</td><td class="n">0</td><td class="n">0</td></tr>`,
		`<tr><td>2026-02-23</td><td class="n">9</td><td class="n">6</td><td class="n">3</td></tr>`,
		`<tr><td>2026-02-16</td><td class="n">3</td><td class="n">1</td><td class="n">0</td></tr>`,
	} {
		if !strings.Contains(intros, want) {
			t.Errorf("intros per week lack the row %s", want)
		}
	}
}

func TestOverviewListsNextRoundsInCommunityZone(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "config timezone Europe/Rome")
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/")
	next := section(body, "Next rounds")
	// The default schedule is Mondays at 09:00 in the community's zone.
	for _, want := range []string{"Mon 9 Mar 2026, 09:00 CET", "Mon 16 Mar 2026, 09:00 CET", "Mon 30 Mar 2026, 09:00 CEST"} {
		if !strings.Contains(next, want) {
			t.Errorf("next rounds lack %q:\n%s", want, next)
		}
	}
}

func TestSkillsGrowthFromSnapshots(t *testing.T) {
	e := newEnv(t)
	sc := func(pairs ...any) []bot.SkillCount {
		var out []bot.SkillCount
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, bot.SkillCount{Skill: pairs[i].(string), N: pairs[i+1].(int)})
		}
		return out
	}
	e.putSnapshots(
		&bot.Snapshot{Day: "2026-02-28"}, // before snapshots counted skills
		&bot.Snapshot{Day: "2026-03-01", Offers: sc("go", 3), Seeks: sc("rust", 2), Unmet: sc("rust", 2)},
		&bot.Snapshot{Day: "2026-03-02", Offers: sc("go", 5, "sql", 1), Seeks: sc("rust", 4, "go", 1), Unmet: sc("rust", 4)},
	)
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/skills")
	body = unlabeled(body)
	growth := section(body, "Skills over time")
	if n := strings.Count(growth, `<path class="line s`); n != 5 {
		t.Errorf("growth charts draw %d lines, want go and sql offered, rust and go sought, rust unmet", n)
	}
	offered := growth[strings.Index(growth, "Most offered"):strings.Index(growth, "Most sought")]
	for _, want := range []string{
		`<th class="n">go</th><th class="n">sql</th>`,
		`<tr><td>2026-03-02</td><td class="n">5</td><td class="n">1</td></tr>`,
	} {
		if !strings.Contains(offered, want) {
			t.Errorf("offered growth table lacks %s:\n%s", want, offered)
		}
	}
	if strings.Contains(growth, "<td>2026-02-28</td><td class=\"n\">0") {
		t.Error("a day without skill counts shows 0 instead of nothing")
	}
}

func TestSnapshotKeepsTopSkillsOnly(t *testing.T) {
	e := newEnv(t)
	for i := range 25 {
		u := fmt.Sprintf("u%02d", i)
		e.do(u, "join")
		e.do(u, fmt.Sprintf("offer add skill%02d", i))
		e.do(u, fmt.Sprintf("seek add wish%02d", i))
	}
	if err := e.b.TickAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	var sn *bot.Snapshot
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		sn, err = tx.Snapshot(comm, e.now.Format("2006-01-02"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(sn.Offers) != 20 || len(sn.Seeks) != 20 || len(sn.Unmet) != 20 {
		t.Errorf("snapshot keeps %d offered, %d sought, %d unmet skills, want 20 each", len(sn.Offers), len(sn.Seeks), len(sn.Unmet))
	}
	if sn.Offers[0].N != 1 || sn.Unmet[0].Skill != "wish00" {
		t.Errorf("snapshot skills %v / unmet %v", sn.Offers[:1], sn.Unmet[:1])
	}
}

func TestSignInAndExpiredPagesSpeakItalian(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "join")
	e.do("mod", "lang it")
	link := e.link("mod")
	code, body, _ := get(t, e.client(), link)
	if code != http.StatusOK || !strings.Contains(body, `lang="it"`) || !strings.Contains(body, "Entra nella dashboard") {
		t.Errorf("sign-in page of an Italian-speaking moderator: %d\n%s", code, body)
	}
	for _, tc := range []struct {
		accept, want string
	}{
		{"it-IT,it;q=0.9,en;q=0.8", "Questo link è scaduto"},
		{"de-DE,de;q=0.9,it;q=0.5", "Questo link è scaduto"},
		{"en-GB,it;q=0.5", "This link has expired"},
		{"", "This link has expired"},
	} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/dash/signin?token=abcdefghijklmnop", nil)
		req.Header.Set("Accept-Language", tc.accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != http.StatusGone || !strings.Contains(body, tc.want) {
			t.Errorf("expired page for Accept-Language %q: %d, want %q", tc.accept, resp.StatusCode, tc.want)
		}
	}
}

// seedWeeks stores eight weeks of daily snapshots up to yesterday, with
// members, intros and skills growing, so that every chart over time has
// something to draw.
func (e *env) seedWeeks() {
	var snaps []*bot.Snapshot
	for d := -56; d < 0; d++ {
		k := d + 56
		snaps = append(snaps, &bot.Snapshot{Day: e.now.AddDate(0, 0, d).Format("2006-01-02"),
			Members:         map[bot.Status]int{bot.StatusActive: 20 + k/2, bot.StatusPaused: 2 + k/14, bot.StatusLeft: k / 10, bot.StatusUnreachable: k / 25},
			IntrosRequested: k * 3 / 2, IntrosAccepted: k, IntrosExpired: k / 5,
			Offers: []bot.SkillCount{{Skill: "go", N: 6 + k/6}, {Skill: "design", N: 4 + k/8}, {Skill: "sql", N: 5 + k/12}},
			Seeks:  []bot.SkillCount{{Skill: "rust", N: 3 + k/7}, {Skill: "go", N: 2 + k/9}, {Skill: "marketing", N: 1 + k/10}},
			Unmet:  []bot.SkillCount{{Skill: "rust", N: 3 + k/7}, {Skill: "marketing", N: 1 + k/10}},
		})
	}
	e.putSnapshots(snaps...)
}

func TestPagesSpeakItalianWithDatesInCommunityZone(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "config timezone Europe/Rome")
	e.do("mod", "join")
	e.do("mod", "lang it")
	e.joinAll()
	e.do("mod", "round now")
	e.putEvents(&bot.Event{Community: comm, ID: "1", Title: "Aperitivo", Start: e.now.Add(72 * time.Hour)})
	c, _ := e.signIn()
	for _, tc := range []struct{ path, want string }{
		{"/dash/", "lunedì 16 marzo 2026, 09:00 CET"}, // a round after the next (09:00 in Rome)
		{"/dash/", "Prossimi giri"},
		{"/dash/events", "giovedì 5 marzo 2026, 10:00 CET"}, // 09:00 UTC
		{"/dash/rounds", "Giro 1"},
		{"/dash/skills", "Competenze nel tempo"},
	} {
		_, body, _ := get(t, c, e.srv.URL+tc.path)
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s of an Italian-speaking moderator in Rome lacks %q", tc.path, tc.want)
		}
	}
}
