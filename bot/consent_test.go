package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// uid is a test member's id.
func uid(user string) bot.MemberID { return bot.MemberID{Platform: "test", Space: "S1", User: user} }

// groupsOf are every group the community's rounds and events made.
func (e *env) groupsOf() [][]bot.MemberID {
	e.t.Helper()
	var out [][]bot.MemberID
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Rounds("labbit", func(r *bot.Round) error {
			for _, g := range r.Groups {
				out = append(out, g.Members)
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.Events("labbit", func(ev *bot.Event) error {
			for _, g := range ev.Groups {
				out = append(out, g.Members)
			}
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// introsBetween are the stored intros between two members, either way.
func (e *env) introsBetween(a, b string) []*bot.Intro {
	e.t.Helper()
	var out []*bot.Intro
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Intros("labbit", func(i *bot.Intro) error {
			if i.From == uid(a) && i.To == uid(b) || i.From == uid(b) && i.To == uid(a) {
				out = append(out, i)
			}
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// together reports whether some group holds both members.
func together(groups [][]bot.MemberID, a, b string) bool {
	for _, g := range groups {
		var n int
		for _, id := range g {
			if id == uid(a) || id == uid(b) {
				n++
			}
		}
		if n == 2 {
			return true
		}
	}
	return false
}

// proposedTo reports whether `intro SKILL` by user proposed other: the
// reply names them, or a proposal between them is stored.
func (e *env) proposedTo(user, skill, other string) bool {
	e.t.Helper()
	got := e.do(user, "intro "+skill)
	for _, i := range e.introsBetween(user, other) {
		if i.State == bot.IntroProposed {
			return true
		}
	}
	return strings.Contains(got, "@"+displayName(other))
}

// TestDeclinedPairIsNeverRounded: once m01 said no to m00 (declined,
// let the request expire, or blocked them), no round, event intro or
// `intro SKILL` proposal puts the two together for 180 days (a block: for
// good), even when they are the only two members available.
func TestDeclinedPairIsNeverRounded(t *testing.T) {
	nos := []struct {
		name string
		say  func(e *env)
		keep time.Duration // how long they must stay apart
	}{
		{"declined", func(e *env) {
			e.must("m00", "intro @m01", "Request 1 sent")
			e.must("m01", "intro decline 1", "Declined")
		}, 179 * 24 * time.Hour},
		{"expired", func(e *env) {
			e.must("m00", "intro @m01", "Request 1 sent")
			e.clock.Add(7*24*time.Hour + time.Minute)
			if _, err := e.bot.Tick(context.Background(), "labbit"); err != nil {
				e.t.Fatal(err)
			}
			if in := e.introsBetween("m00", "m01"); len(in) != 1 || in[0].State != bot.IntroExpired {
				e.t.Fatalf("not expired: %+v", in)
			}
		}, 179 * 24 * time.Hour},
		{"blocked", func(e *env) { e.must("m01", "block @m00", "blocked") }, 400 * 24 * time.Hour},
	}
	for _, no := range nos {
		for _, n := range []int{2, 4} {
			t.Run(fmt.Sprintf("%s/%d members", no.name, n), func(t *testing.T) {
				f := newPostFake()
				e := roundEnv(t, n, f)
				e.bot = eventBot(t, e, f)
				no.say(e)
				// m00 offers go and seeks ux design, which only m01 offers
				// (and the other way round for m01 asking for go).
				if e.proposedTo("m00", "ux design", "m01") {
					t.Error("intro SKILL proposed the member who said no")
				}
				if e.proposedTo("m01", "go", "m00") {
					t.Error("intro SKILL proposed the requester to the member who said no")
				}
				e.must("mod", "announce Cena | tomorrow 19:00 | Trattoria", "announced")
				for i := range n {
					e.must(fmt.Sprintf("m%02d", i), "rsvp 1 yes", "You are going")
				}
				start := e.clock.Now()
				e.clock.Add(36 * time.Hour) // after the dinner
				e.must("mod", "event intros 1", "Attendees of event 1")
				for week := 0; ; week++ {
					got := e.must("mod", "round preview", "Preview")
					if n == 2 && !strings.Contains(got, "0 groups. Nothing was sent or stored.") {
						t.Errorf("week %d: the two members are previewed together:\n%s", week, got)
					}
					e.must("mod", "round now", "")
					if e.clock.Now().Sub(start) >= no.keep {
						break
					}
					e.clock.Add(min(30*24*time.Hour, no.keep-e.clock.Now().Sub(start)))
				}
				if together(e.groupsOf(), "m00", "m01") {
					t.Errorf("m00 and m01 were grouped: %v", e.groupsOf())
				}
				if n == 4 && len(e.groupsOf()) == 0 {
					t.Error("nobody was grouped at all")
				}
				e.deliver()
				for _, u := range []string{"m00", "m01"} {
					for _, txt := range f.texts(u) {
						other := map[string]string{"m00": "@M01", "m01": "@M00"}[u]
						if strings.Contains(txt, other) && !strings.Contains(txt, "would like to meet you") {
							t.Errorf("%s was introduced to %s: %q", u, other, txt)
						}
					}
				}
			})
		}
	}
}

// TestDeclineApartEnds: after 180 days a decline no longer keeps the two
// apart, and an accept since a decline lifts it at once.
func TestDeclineApartEnds(t *testing.T) {
	e, f := fakeRoundEnv(t, 2)
	e.must("m00", "intro @m01", "Request 1 sent")
	e.must("m01", "intro decline 1", "Declined")
	e.must("mod", "round preview", "0 groups. Nothing was sent or stored.")
	e.clock.Add(181 * 24 * time.Hour)
	e.must("mod", "round preview", "1 group. Nothing was sent or stored.")

	e = roundEnv(t, 2, f)
	e.must("m00", "intro @m01", "Request 1 sent")
	e.must("m01", "intro decline 1", "Declined")
	e.must("m01", "intro @m00", "Request 2 sent") // they changed their mind
	e.must("mod", "round preview", "0 groups. Nothing was sent or stored.")
	e.must("m00", "intro accept 2", "now in touch")
	e.must("mod", "round preview", "1 group. Nothing was sent or stored.")
}

// TestAcceptedIntroMeansInTouch: once accepted, `intro SKILL` proposes
// someone else, and asking again says how to reach them.
func TestAcceptedIntroMeansInTouch(t *testing.T) {
	f := newFake()
	e := roundEnv(t, 2, f) // only m01 offers ux design
	e.must("m00", "intro @m01", "Request 1 sent")
	e.press("m01", "intro accept 1")
	for range 2 {
		if e.proposedTo("m00", "ux design", "m01") {
			t.Fatal("intro SKILL proposed a member the requester is already in touch with")
		}
	}
	e.must("m00", "intro ux design", "Nobody new to propose for ux design")
	for _, tt := range []struct{ user, text, want string }{
		{"m00", "intro @m01 again", "You and M01 are already in touch: write to them on test (@m01)."},
		{"m01", "intro @m00", "You and M00 are already in touch: write to them on test (@m00)."},
	} {
		e.must(tt.user, tt.text, tt.want)
	}
	if n := len(e.introsBetween("m00", "m01")); n != 1 {
		t.Errorf("%d intros between m00 and m01, want the accepted one", n)
	}
}

// TestProposalSaysNotMetOnlyWhenTrue: a member met in a round may be
// proposed, but not as someone not met before.
func TestProposalSaysNotMetOnlyWhenTrue(t *testing.T) {
	e := roundEnv(t, 2, newFake())
	if got := e.must("m00", "intro ux design", "@M01"); !strings.Contains(got, "have not met through rete before") {
		t.Fatalf("a first proposal without the fresh reason:\n%s", got)
	}
	e.must("mod", "round now", "1 group")
	if got := e.must("m00", "intro ux design", "@M01"); strings.Contains(got, "have not met") {
		t.Errorf("a pair just rounded is proposed as not met before:\n%s", got)
	}
}

// TestHeldConfirmLooksSent: confirming a proposal whose request is held
// back (the target blocked the requester, or declined them lately) looks
// to the requester exactly like a request sent, and the target gets
// nothing.
func TestHeldConfirmLooksSent(t *testing.T) {
	// seen is what the requester can see of request 1.
	type seen struct {
		reply, intros string
		export        bot.Intro
	}
	look := func(t *testing.T, hold func(e *env)) (seen, *env) {
		e, f := fakeRoundEnv(t, 3)
		e.must("m00", "intro ux design", "@M01") // proposal 1
		hold(e)
		e.deliver()
		before := len(f.texts("m01"))
		s := seen{reply: e.press("m00", "intro confirm 1"), intros: e.do("m00", "intros")}
		e.deliver()
		if n := len(f.texts("m01")); n != before && strings.Contains(f.texts("m01")[n-1], "would like to meet you") {
			s.reply += " (delivered)"
		}
		ex := e.do("m00", "export-me")
		var doc struct{ Intros []bot.Intro }
		if err := json.Unmarshal([]byte(ex[strings.Index(ex, "{"):]), &doc); err != nil {
			t.Fatalf("export: %v\n%s", err, ex)
		}
		for _, i := range doc.Intros {
			if i.ID == "1" {
				s.export = i
			}
		}
		return s, e
	}
	normal, _ := look(t, func(*env) {})
	if !strings.Contains(normal.reply, "Request 1 sent to M01") || !strings.Contains(normal.reply, "(delivered)") {
		t.Fatalf("normal confirm: %s", normal.reply)
	}
	normal.reply = strings.TrimSuffix(normal.reply, " (delivered)")
	for _, tt := range []struct {
		name string
		hold func(e *env)
	}{
		{"blocked after the proposal", func(e *env) { e.must("m01", "block @m00", "blocked") }},
		{"declined after the proposal", func(e *env) {
			e.must("m00", "intro @m01", "Request 2 sent")
			e.must("m01", "intro decline 2", "Declined")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, e := look(t, tt.hold)
			if got != normal {
				t.Errorf("a held request looks different to the requester (or reached the target):\n got %+v\nwant %+v", got, normal)
			}
			if in := e.introsBetween("m00", "m01"); in[0].State != bot.IntroRefused || !in[0].Open() {
				t.Errorf("held request stored as %+v", in[0])
			}
		})
	}
}

// TestInactiveMembersNeverAppear: a member who left, was removed, is
// paused (for good or until a date) or was forgotten is in no find, no
// proposal, no round and no event intro.
func TestInactiveMembersNeverAppear(t *testing.T) {
	for _, tt := range []struct {
		name string
		act  func(e *env)
	}{
		{"left", func(e *env) { e.must("m01", "leave", "") }},
		{"removed", func(e *env) { e.must("mod", "remove @m01", "removed") }},
		{"paused", func(e *env) { e.must("m01", "pause", "Paused") }},
		{"paused until a date", func(e *env) { e.must("m01", "pause 2w", "Paused") }},
		{"forgotten", func(e *env) { e.must("m01", "forget-me confirm", "deleted") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newPostFake()
			e := roundEnv(t, 7, f) // m01 and m06 offer ux design
			e.bot = eventBot(t, e, f)
			e.must("mod", "announce Cena | tomorrow 19:00 | Trattoria", "announced")
			for i := range 7 {
				e.must(fmt.Sprintf("m%02d", i), "rsvp 1 yes", "You are going")
			}
			tt.act(e)
			if got := e.must("m00", "find ux design", "@M06"); strings.Contains(got, "M01") {
				t.Errorf("find lists m01:\n%s", got)
			}
			if e.proposedTo("m00", "ux design", "m01") {
				t.Error("intro SKILL proposed m01")
			}
			if got := e.must("mod", "round preview", "3 groups. Nothing was sent or stored."); strings.Contains(got, "M01") {
				t.Errorf("round preview holds m01:\n%s", got)
			}
			e.must("mod", "round now", "3 groups")
			e.clock.Add(36 * time.Hour) // after the dinner
			e.must("mod", "event intros 1", "3 groups")
			for _, g := range e.groupsOf() {
				for _, id := range g {
					if id == uid("m01") {
						t.Errorf("m01 grouped in %v", g)
					}
				}
			}
		})
	}
}

// TestGoneMemberIsNoMember: asking for a member who left or was forgotten
// reads like asking for someone who never was, with the name as typed.
func TestGoneMemberIsNoMember(t *testing.T) {
	for _, tt := range []struct {
		name string
		act  func(e *env)
		ask  string
		want string
	}{
		{"left", func(e *env) { e.must("m01", "leave", "") }, "intro @m01", "No member @m01 here."},
		{"removed", func(e *env) { e.must("mod", "remove @m01", "removed") }, "intro @m01 hi", "No member @m01 here."},
		{"forgotten", func(e *env) { e.must("m01", "forget-me confirm", "deleted") }, "intro @m01", "No member @m01 here."},
		{"removed then forgotten", func(e *env) {
			e.must("mod", "remove @m01", "removed")
			e.must("m01", "forget-me confirm", "deleted")
		}, "intro @M01", "No member @M01 here."},
		{"no name", func(*env) {}, "intro @", "'@' is not a member"},
		{"no name and a reason", func(*env) {}, "intro @ hello", "'@' is not a member"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := roundEnv(t, 3, newFake())
			tt.act(e)
			got := e.must("m00", tt.ask, tt.want)
			if strings.Contains(got, "No member @ ") {
				t.Errorf("reply names nobody: %s", got)
			}
		})
	}
}
