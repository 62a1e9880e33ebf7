package bot_test

import (
	"strings"
	"testing"
	"time"
)

// TestRequesterHearsWhenTargetGoes: a request waiting on a member who is
// removed, leaves or deletes their data closes with the usual "not
// possible right now", as after a decline.
func TestRequesterHearsWhenTargetGoes(t *testing.T) {
	for _, tc := range []struct {
		name string
		gone func(e *env)
	}{
		{"removed", func(e *env) { e.must("mod", "remove @m01", "removed") }},
		{"left", func(e *env) { e.must("m01", "leave", "") }},
		{"forgot", func(e *env) { e.must("m01", "forget-me confirm", "") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, f := fakeRoundEnv(t, 3)
			e.must("m00", "intro @m01 hi", "Request 1 sent")
			e.deliver()
			tc.gone(e)
			e.deliver()
			if got := last(f, "m00"); !strings.Contains(got, "is not possible right now") {
				t.Errorf("requester's last DM: %q", got)
			}
			e.must("m00", "intros", "No open introduction requests")
		})
	}
}

// TestLeftMemberIsOut: after leave, only join and what concerns the
// member's own record work; everything else says to join.
func TestLeftMemberIsOut(t *testing.T) {
	e := roundEnv(t, 3, newFake())
	e.must("m00", "leave", "")
	for _, cmd := range []string{"intro @m01 hi", "intro go", "pairing", "resume", "pause 2w", "rsvp 1 yes", "bio hello", "profile @m01"} {
		e.must("m00", cmd, "to come back")
	}
	for _, cmd := range []string{"profile", "lang en", "export-me", "help"} {
		if got := e.do("m00", cmd); strings.Contains(got, "to come back") {
			t.Errorf("%s refused: %s", cmd, got)
		}
	}
	e.must("m00", "join", "")
	e.must("m00", "pairing", "")
}

// TestIntroSkillAtLimitProposesNobody: at the open-requests limit or the
// weekly limit, `intro SKILL` refuses up front instead of proposing.
func TestIntroSkillAtLimitProposesNobody(t *testing.T) {
	e := roundEnv(t, 8, newFake())
	for _, u := range []string{"m01", "m02", "m03"} {
		e.must("m00", "intro @"+u+" hi", "sent")
	}
	e.must("m00", "intro go", "the limit")
	// Canceled requests still count this week: two more reach its 5.
	for _, id := range []string{"1", "2", "3"} {
		e.must("m00", "intro cancel "+id, "")
	}
	e.must("m00", "intro @m04 hi", "sent")
	e.must("m00", "intro @m06 hi", "sent")
	e.must("m00", "intro go", "this week")
}

// TestGuestExportAndForget: a guest's export has no zero join time, and
// their forget-me thanks nobody for taking part.
func TestGuestExportAndForget(t *testing.T) {
	e := newEnv(t)
	e.must("g1", "lang en", "")
	if got := e.do("g1", "export-me"); strings.Contains(got, `"joined"`) {
		t.Errorf("guest export shows a join time:\n%s", got)
	}
	if got := e.do("g1", "forget-me confirm"); !strings.Contains(got, "deleted") || strings.Contains(got, "thank") {
		t.Errorf("guest forget-me: %s", got)
	}
}

// TestStatsMedianUnderAMinute: an answer within seconds is "under a
// minute", not "1 minute".
func TestStatsMedianUnderAMinute(t *testing.T) {
	e := roundEnv(t, 2, newFake())
	e.must("m00", "intro @m01 hi", "sent")
	e.must("m01", "intro accept 1", "")
	e.must("mod", "stats", "under a minute")
}

// TestEventIntrosAfterTheStartCountLeftOut: event intros wait for the
// event's start, and the moderator learns how many attendees are in no
// group (here one, kept apart by a decline), never who.
func TestEventIntrosAfterTheStartCountLeftOut(t *testing.T) {
	f := newPostFake()
	e := roundEnv(t, 3, f)
	e.bot = eventBot(t, e, f)
	e.must("m00", "intro @m01", "Request 1 sent")
	e.must("m01", "intro decline 1", "Declined")
	e.must("mod", "announce Cena | tomorrow 19:00 | Trattoria", "announced")
	for _, u := range []string{"m00", "m01", "m02"} {
		e.must(u, "rsvp 1 yes", "You are going")
	}
	e.must("mod", "event intros 1", "has not started yet")
	e.clock.Add(36 * time.Hour)
	got := e.must("mod", "event intros 1", "1 attendee is not in a group")
	if !strings.Contains(got, "1 group") {
		t.Errorf("event intros: %s", got)
	}
}
