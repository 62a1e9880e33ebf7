package discord

import (
	"context"
	"slices"
	"testing"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
)

// TestGroupThreadIsReusedAndSurvivesAGoneMember: sending to the same
// group again (an outbox retry, or the pair meeting again) uses the
// thread already open, and a member who left the server does not stop
// the others meeting.
func TestGroupThreadIsReusedAndSurvivesAGoneMember(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	x.fake.Leave(testMembers[2])
	ms := []bot.MemberID{
		{Platform: Platform, Space: testGuild, User: testMembers[0]},
		{Platform: Platform, Space: testGuild, User: testMembers[2]},
	}
	msg := bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("meet each other"))}}
	for range 2 {
		if _, err := x.a.Group(context.Background(), ms, msg); err != nil {
			t.Fatalf("Group: %v", err)
		}
	}
	threads := x.fake.Since(0, "POST", reThreadsAny)
	if len(threads) != 1 {
		t.Fatalf("%d threads opened, want 1", len(threads))
	}
	if got := x.fake.Recipients(threads[0].ID); !slices.Equal(got, []string{testMembers[0]}) {
		t.Errorf("thread members %v, want the one still in the server", got)
	}
	if n := len(x.fake.Messages(0)); n != 2 {
		t.Errorf("%d messages in the thread, want 2", n)
	}
}

// TestGroupNeedsAChannel: a guild without a group channel cannot group
// (the core then DMs each member).
func TestGroupNeedsAChannel(t *testing.T) {
	x := newHarness(t, &bottest.Recorder{}, false, nil)
	if !x.a.CanGroup(testGuild) || x.a.CanGroup("999999999999") {
		t.Error("CanGroup should hold for the configured guild only")
	}
}
