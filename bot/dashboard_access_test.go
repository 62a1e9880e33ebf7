package bot_test

import (
	"context"
	"errors"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// A dashboard action checks the moderator itself: a user who moderates
// nothing, or a platform admin the platform has since called no admin,
// changes nobody.
func TestActOnMemberNeedsAModerator(t *testing.T) {
	e := newEnv(t)
	s := bot.DefaultSettings()
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, DashboardURL: "https://rete.example",
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"}, Spaces: []bot.Space{{Platform: "test", ID: "S1"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	e.bot = b
	ctx := context.Background()
	e.do("anna", "join")
	anna := bot.MemberID{Platform: "test", Space: "S1", User: "anna"}
	boss := bot.MemberID{Platform: "test", Space: "S1", User: "boss"}
	req := func(admin bool, text string) {
		r := dmRequest("test", "S1", "boss", text)
		r.Admin = admin
		e.bot.Handle(ctx, r)
	}
	for _, tc := range []struct {
		name  string
		setup func()
		want  error
	}{
		{"listed moderator", func() {}, nil},
		{"never a moderator", func() {}, bot.ErrNotModerator},
		{"platform admin", func() { req(true, "dashboard") }, nil},
		{"platform admin no longer", func() { req(false, "help") }, bot.ErrNotModerator},
	} {
		tc.setup()
		u := bot.DashboardUser{Community: "labbit", ID: boss, Via: bot.DashPlatform}
		if tc.name == "listed moderator" {
			u = bot.DashboardUser{Community: "labbit", ID: bot.MemberID{Platform: "test", Space: "S1", User: "mod"}, Via: bot.DashListed}
		}
		_, err := e.bot.ActOnMember(ctx, u, anna, bot.ActionPause)
		if !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		if tc.want != nil && e.member("anna").Status != bot.StatusActive {
			t.Fatalf("%s paused anna", tc.name)
		}
		if tc.want == nil {
			e.bot.ActOnMember(ctx, u, anna, bot.ActionResume)
		}
	}
}
