package store

import (
	"context"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

func TestCensusCounts(t *testing.T) {
	db, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	ms := genMembers("a", 5, 1)
	ms[0].Status = bot.StatusPaused
	ms[0].PausedUntil = now.Add(-time.Hour) // the pause is over: active
	ms[1].Status = bot.StatusPaused
	ms[1].PausedUntil = now.Add(time.Hour)
	ms[2].Status = bot.StatusLeft
	other := genMembers("b", 2, 2)
	err = db.Update(ctx, func(tx bot.Tx) error {
		for _, m := range append(ms, other...) {
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		for _, id := range []string{"1", "2"} {
			if err := tx.PutIntro(&bot.Intro{Community: "a", ID: id, From: ms[3].ID, To: ms[4].ID, Created: now}); err != nil {
				return err
			}
		}
		if err := tx.PutEvent(&bot.Event{Community: "b", ID: "1", Title: "x", Start: now}); err != nil {
			return err
		}
		due := &bot.OutboxEntry{ID: "due", Platform: "slack", Community: "a", Kind: bot.OutboxDM, To: []bot.MemberID{ms[3].ID}, Template: "t", NotBefore: now.Add(-10 * time.Minute)}
		later := &bot.OutboxEntry{ID: "later", Platform: "slack", Community: "a", Kind: bot.OutboxDM, To: []bot.MemberID{ms[3].ID}, Template: "t", NotBefore: now.Add(time.Hour)}
		sent := &bot.OutboxEntry{ID: "sent", Platform: "telegram", Community: "a", Kind: bot.OutboxDM, To: []bot.MemberID{ms[3].ID}, Template: "t", NotBefore: now}
		for _, e := range []*bot.OutboxEntry{due, later, sent} {
			if _, err := tx.Enqueue(e); err != nil {
				return err
			}
		}
		sent.Sent = now
		return tx.Complete(sent)
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Census(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	wantMembers := map[string]map[bot.Status]int{
		"a": {bot.StatusActive: 3, bot.StatusPaused: 1, bot.StatusLeft: 1},
		"b": {bot.StatusActive: 2},
	}
	for comm, byStatus := range wantMembers {
		for s, n := range byStatus {
			if got := c.Members[comm][s]; got != n {
				t.Errorf("members %s %s = %d, want %d", comm, s, got, n)
			}
		}
	}
	if c.Intros["a"] != 2 || c.Events["b"] != 1 || len(c.Intros) != 1 || len(c.Events) != 1 {
		t.Errorf("intros %v, events %v", c.Intros, c.Events)
	}
	if o := c.Outbox["slack"]; o.Pending != 2 || !o.OldestDue.Equal(now.Add(-10*time.Minute)) {
		t.Errorf("slack outbox %+v, want 2 pending, oldest due 10 minutes ago", o)
	}
	if o, ok := c.Outbox["telegram"]; ok {
		t.Errorf("telegram outbox %+v: a done entry is not pending", o)
	}
}

// BenchmarkCensus100k is what a metrics scrape costs once per censusTTL
// on the 100k-member data dir.
func BenchmarkCensus100k(b *testing.B) {
	db, _ := db100k(b)
	now := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := db.Census(context.Background(), now)
		if err != nil {
			b.Fatal(err)
		}
		if n := c.Members[benchCommunity][bot.StatusActive]; n == 0 {
			b.Fatal("no active members")
		}
	}
}
