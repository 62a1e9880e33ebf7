package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// attendEnv is eventEnv with two events of anna and bruno going and carla
// not: event 1 yesterday, event 2 tomorrow.
func attendEnv(t *testing.T) *env {
	t.Helper()
	e, _ := eventEnv(t, "anna", "bruno", "carla")
	rsvps := map[string]bool{"test:S1:anna": true, "test:S1:bruno": true, "test:S1:carla": false}
	now := e.clock.Now()
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, ev := range []*bot.Event{
			{Community: "labbit", ID: "1", Title: "Dinner", Start: now.Add(-24 * time.Hour), RSVPs: maps.Clone(rsvps)},
			{Community: "labbit", ID: "2", Title: "Aperitivo", Start: now.Add(24 * time.Hour), RSVPs: maps.Clone(rsvps)},
		} {
			if err := tx.PutEvent(ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestSetAttendanceValidates(t *testing.T) {
	e := attendEnv(t)
	mod := bot.DashboardUser{Community: "labbit", ID: bot.MemberID{Platform: "test", Space: "S1", User: "mod"}, Via: bot.DashListed, Lang: bot.LangEN}
	notMod := mod
	notMod.ID.User, notMod.Via = "anna", bot.DashPlatform
	id := func(u string) bot.MemberID { return bot.MemberID{Platform: "test", Space: "S1", User: u} }
	for _, tc := range []struct {
		name  string
		u     bot.DashboardUser
		event string
		ids   []bot.MemberID
		code  string // "" for no error
	}{
		{"future event", mod, "2", []bot.MemberID{id("anna")}, bot.ECONFLICT},
		{"not going", mod, "1", []bot.MemberID{id("anna"), id("carla")}, bot.EINVALID},
		{"no such event", mod, "9", nil, bot.ENOTFOUND},
	} {
		_, err := e.bot.SetAttendance(context.Background(), tc.u, tc.event, tc.ids)
		if got := bot.ErrorCode(err); got != tc.code {
			t.Errorf("%s: %v (%s), want %s", tc.name, err, got, tc.code)
		}
	}
	if _, err := e.bot.SetAttendance(context.Background(), notMod, "1", nil); !errors.Is(err, bot.ErrNotModerator) {
		t.Errorf("not a moderator: %v", err)
	}
	if ev := e.event("1"); len(ev.Attended) != 0 || !ev.AttendanceAt.IsZero() {
		t.Fatalf("refused calls stored attendance %v", ev.Attended)
	}
	said, err := e.bot.SetAttendance(context.Background(), mod, "1", []bot.MemberID{id("bruno"), id("anna"), id("anna")})
	if err != nil || !strings.Contains(said, "2 people came") {
		t.Fatalf("set attendance: %q, %v", said, err)
	}
	if ev := e.event("1"); !slices.Equal(ev.Attended, []bot.MemberID{id("anna"), id("bruno")}) || ev.AttendanceAt.IsZero() {
		t.Errorf("stored attendance %v at %v", ev.Attended, ev.AttendanceAt)
	}
}

// export-me shows the member's own attendance; forget-me removes them
// from it, leaving the others'.
func TestForgetMeRemovesAttendance(t *testing.T) {
	e := attendEnv(t)
	mod := bot.DashboardUser{Community: "labbit", ID: bot.MemberID{Platform: "test", Space: "S1", User: "mod"}, Via: bot.DashListed}
	anna, bruno := bot.MemberID{Platform: "test", Space: "S1", User: "anna"}, bot.MemberID{Platform: "test", Space: "S1", User: "bruno"}
	if _, err := e.bot.SetAttendance(context.Background(), mod, "1", []bot.MemberID{anna, bruno}); err != nil {
		t.Fatal(err)
	}
	got := e.must("anna", "export-me", "{")
	var ex bot.Export
	if err := json.Unmarshal([]byte(got[strings.Index(got, "{"):]), &ex); err != nil {
		t.Fatalf("export: %v", err)
	}
	if !slices.Equal(ex.Attended, []string{"1"}) {
		t.Errorf("export-me shows attendance %v, want [1]", ex.Attended)
	}
	e.must("anna", "forget-me confirm", "deleted")
	ev := e.event("1")
	if !slices.Equal(ev.Attended, []bot.MemberID{bruno}) {
		t.Errorf("after anna's forget-me, attended: %v", ev.Attended)
	}
	raw, _ := json.Marshal(ev)
	if strings.Contains(string(raw), "anna") {
		t.Errorf("the event still names anna: %s", raw)
	}
}
