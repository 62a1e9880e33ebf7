package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// TestMembersListsByStatusAndSkillInPages: `members` lists members by name
// with status and last activity, filtered by status and skill, 20 a page.
func TestMembersListsByStatusAndSkillInPages(t *testing.T) {
	e := newEnv(t)
	for i := range 25 {
		u := fmt.Sprintf("m%02d", i)
		e.must(u, "join", "Welcome")
		if i < 3 {
			e.must(u, "offer add ux design", "You offer")
		}
	}
	e.must("m03", "offer add graphic design", "You offer")
	e.must("m04", "pause", "Paused")
	e.must("m05", "leave", "You left")
	e.must("mod", "remove @m06", "removed")
	e.must("anna", "join", "Welcome")
	e.clock.Add(3 * 24 * time.Hour)
	e.must("anna", "bio hi", "saved")
	e.must("mod", "lang en", "English") // a guest record: never listed

	got := e.must("mod", "members", "Members (all): 26 · page 1 of 2")
	if !strings.Contains(got, "@Anna (@anna) — active · last active Mon 30 Nov 2026") || !strings.Contains(got, "@M00 (@m00) — active · last active Fri 27 Nov 2026") {
		t.Errorf("members page 1:\n%s", got)
	}
	if strings.Contains(got, "@M19") || strings.Contains(got, "@Mod") {
		t.Errorf("page 1 lists a member of page 2, or the guest moderator:\n%s", got)
	}
	got = e.must("mod", "members page 2", "page 2 of 2")
	if !strings.Contains(got, "@M24") || strings.Contains(got, "@M00") {
		t.Errorf("members page 2:\n%s", got)
	}
	e.must("mod", "members page 3", "the last is 2")
	e.must("mod", "members paused", "Members (paused): 1")
	e.must("mod", "members left", "@M05")
	e.must("mod", "members removed", "@M06 (@m06) — removed")
	got = e.must("mod", "members active design", "Members (active, design): 4")
	if !strings.Contains(got, "@M03 (@m03) — active · last active Fri 27 Nov 2026 · offers graphic design") {
		t.Errorf("members by skill:\n%s", got)
	}
	e.must("mod", "members design", "Members (all, design): 4") // no status: the word is the skill
	e.must("mod", "members unreachable", "No members match (unreachable).")
	e.must("anna", "members", "Only moderators can use 'members'")

	// The More button asks for the next page with the same filters.
	reply := e.bot.Handle(t.Context(), &bot.Request{Platform: "test", Space: "S1", User: "mod", Private: true, Text: "members active"})
	if len(reply.Buttons) != 1 || reply.Buttons[0].Command != "members active page 2" {
		t.Errorf("buttons %+v", reply.Buttons)
	}
}

// TestUnremoveLetsAMemberRejoin: unremove tells the member by DM and lets
// them join again; until they do they are out of rounds and find.
func TestUnremoveLetsAMemberRejoin(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("marco", "join", "Welcome")
	e.must("marco", "offer add go", "You offer")
	e.must("mod", "unremove @marco", "Marco is not removed")
	e.must("mod", "remove @marco", "Marco is removed")
	e.must("marco", "join", "A moderator removed you")
	e.must("mod", "unremove Marco", "Marco may join again")
	if st := e.member("marco").Status; st != bot.StatusLeft {
		t.Errorf("status after unremove %s, want left", st)
	}
	if err := e.bot.DeliverDue(t.Context(), "test"); err != nil {
		t.Fatal(err)
	}
	if len(e.dms.dms) != 1 || !strings.HasPrefix(e.dms.dms[0], "marco: ") || !strings.Contains(e.dms.dms[0], "lifted your removal") {
		t.Errorf("dms %q", e.dms.dms)
	}
	e.must("anna", "find go", "Nobody active offers go")
	e.must("marco", "join", "Welcome back")
	e.must("anna", "find go", "1 member offers go")
}

// TestModeratorSetsLangAndTZWithoutJoining: a moderator who is not a
// member keeps a language and time zone outside the pool.
func TestModeratorSetsLangAndTZWithoutJoining(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "offer add go", "You offer")
	e.must("mod", "help", "lang and tz work without joining")
	e.must("mod", "lang it", "italiano")
	e.must("mod", "tz America/New_York", "America/New_York")
	e.must("mod", "stats", "Membri: 1 attivo") // in Italian, and not counted
	m := e.member("mod")
	if m.Status != bot.StatusGuest || m.Profile.Lang != bot.LangIT || m.Profile.TZ != "America/New_York" {
		t.Errorf("moderator record %+v", m)
	}
	e.must("mod", "offer add go", "join") // other member verbs still need join
	e.must("mod", "profile", "join")      // no profile to show
	e.must("anna", "profile @mod", "No member @mod here")
	e.must("anna", "profile Mod", "No member Mod here")
	e.must("anna", "find go", "Nobody active offers go") // anna herself is not listed
	e.must("bea", "join", "Welcome")
	if got := e.must("mod", "round preview", "Anteprima"); strings.Contains(got, "@Mod") {
		t.Errorf("the moderator outside the pool is paired:\n%s", got)
	}
	e.must("mod", "join", "in Labbit") // welcomed as a new member, in Italian
	if m := e.member("mod"); m.Status != bot.StatusActive || m.Profile.Lang != bot.LangIT {
		t.Errorf("after join %+v", m)
	}
}

// TestNewcomerChoosesLanguageBeforeJoining: anyone may set lang or tz
// first, so the welcome is in their language; they stay out of the pool
// until they join.
func TestNewcomerChoosesLanguageBeforeJoining(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("zoe", "lang it", "italiano")
	e.must("zoe", "tz Europe/Rome", "Europe/Rome")
	if m := e.member("zoe"); m.Status != bot.StatusGuest || m.Profile.Lang != bot.LangIT {
		t.Errorf("newcomer record %+v", m)
	}
	e.must("zoe", "offer add go", "scrivi prima join") // other verbs still need join, in Italian
	e.must("anna", "profile @zoe", "No member @zoe here")
	e.must("mod", "stats", "Members: 1 active")
	e.must("zoe", "join", "Ti diamo il benvenuto")
	if m := e.member("zoe"); m.Status != bot.StatusActive || m.Profile.TZ != "Europe/Rome" {
		t.Errorf("after join %+v", m)
	}
}
