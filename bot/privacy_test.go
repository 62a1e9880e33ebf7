package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// exportedIntros runs export-me as user and returns the intros it shows.
func exportedIntros(e *env, user string) map[string]*bot.Intro {
	e.t.Helper()
	got := e.must(user, "export-me", "{")
	var ex bot.Export
	if err := json.Unmarshal([]byte(got[strings.Index(got, "{"):]), &ex); err != nil {
		e.t.Fatalf("export: %v\n%s", err, got)
	}
	out := map[string]*bot.Intro{}
	for _, i := range ex.Intros {
		out[i.ID] = i
	}
	return out
}

func TestBlockedRequestLooksPendingUntilItExpires(t *testing.T) {
	e := roundEnv(t, 3, newFake())
	e.must("m01", "block @m00", "blocked")
	e.must("m00", "intro @m01 hi", "Request 1 sent to M01")
	e.must("m00", "intro @m02 hi", "Request 2 sent to M02")
	ex := exportedIntros(e, "m00")
	blocked, open := ex["1"], ex["2"]
	if blocked == nil || open == nil {
		t.Fatalf("export: %+v", ex)
	}
	if blocked.State != bot.IntroPending || blocked.State != open.State || !blocked.Answered.IsZero() ||
		blocked.Sent.IsZero() || !blocked.Expires.Equal(open.Expires) {
		t.Errorf("a blocked request shows as %+v, an open one as %+v", blocked, open)
	}
	e.must("m00", "intros", "1: to M01, waiting")
	e.must("m00", "intros", "2: to M02, waiting")
	e.clock.Add(7*24*time.Hour + time.Minute)
	if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil {
		t.Fatal(err)
	}
	ex = exportedIntros(e, "m00")
	if ex["1"].State != bot.IntroNotPossible || ex["2"].State != bot.IntroNotPossible {
		t.Errorf("after expiry: %s and %s", ex["1"].State, ex["2"].State)
	}
}

// standIn runs forget-me for m00 after a round and an intro with m01, and
// returns the stand-ins found in the round and in the intro.
func standIn(t *testing.T) (inRound, inIntro bot.MemberID) {
	e := roundEnv(t, 2, newFake())
	e.must("mod", "round now", "1 group")
	e.must("m00", "intro @m01 hello", "Request 1 sent")
	e.must("m00", "forget-me confirm", "deleted")
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		err := tx.Rounds("labbit", func(r *bot.Round) error {
			for _, id := range r.Groups[0].Members {
				if id.User != "m01" {
					inRound = id
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		i, err := tx.Intro("labbit", "1")
		inIntro = i.From
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return inRound, inIntro
}

func TestForgetMeStandInIsRandom(t *testing.T) {
	round1, intro1 := standIn(t)
	round2, _ := standIn(t)
	if round1 != intro1 || round1.Platform != "forgotten" {
		t.Errorf("one forget-me, two stand-ins: %v in the round, %v in the intro", round1, intro1)
	}
	if round1 == round2 || strings.Contains(round1.String(), "m00") {
		t.Errorf("the same member forgotten twice gets %v and %v: it can be recomputed", round1, round2)
	}
}

func TestForgetMeClearsTheOutbox(t *testing.T) {
	e := roundEnv(t, 4, newFake())
	e.must("mod", "round now", "2 groups")
	e.deliver() // done entries for the round
	e.must("m00", "pause 2w", "Paused")
	e.clock.Add(6 * 24 * time.Hour)
	if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil { // follow-ups, pending
		t.Fatal(err)
	}
	pending := 0
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Pending("test", func(*bot.OutboxEntry) error { pending++; return nil })
	}); err != nil || pending == 0 {
		t.Fatalf("nothing pending: %v", err)
	}
	e.must("m00", "forget-me confirm", "deleted")
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		check := func(e *bot.OutboxEntry) error {
			b, _ := json.Marshal(e)
			if strings.Contains(string(b), "m00") || strings.Contains(string(b), "M00") {
				t.Errorf("outbox entry names the forgotten member: %s", b)
			}
			return nil
		}
		if err := tx.Pending("test", check); err != nil {
			return err
		}
		// The due index follows: a sender reads only what is left.
		if _, err := tx.Due("test", e.clock.Now().Add(365*24*time.Hour), bot.DuePos{}, 0, check); err != nil {
			return err
		}
		return tx.Done("test", check)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBlockIsUnseenInFindAndProposals: a member who blocked the reader is
// still listed by find; `intro SKILL` does not propose them, but never
// answers "nobody offers" because of them.
func TestBlockIsUnseenInFindAndProposals(t *testing.T) {
	f := newFake()
	e := roundEnv(t, 3, f) // m01 offers ux design, m00 seeks it
	e.must("m00", "find ux", "@M01")
	e.must("m01", "block @m00", "blocked")
	e.must("m00", "find ux", "@M01")
	if got := e.do("m00", "intro ux"); strings.Contains(got, "@M01") || strings.Contains(got, "Nobody active offers") {
		t.Errorf("intro ux: %s", got)
	}
	e.deliver()
	if got := f.texts("m01"); len(got) != 0 {
		t.Errorf("the blocker got %q", got)
	}
}
