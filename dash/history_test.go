package dash_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

func TestSchedulerSnapshotsOnceADay(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno", "carla"} {
		e.do(u, "join")
	}
	e.do("carla", "pause 2w")
	ctx := context.Background()
	if err := e.b.TickAll(ctx); err != nil {
		t.Fatal(err)
	}
	e.do("bruno", "leave")
	if err := e.b.TickAll(ctx); err != nil { // same day: the first snapshot stays
		t.Fatal(err)
	}
	day := e.now.Format("2006-01-02")
	var sn *bot.Snapshot
	if err := e.db.View(ctx, func(tx bot.Tx) error {
		var err error
		sn, err = tx.Snapshot(comm, day)
		return err
	}); err != nil {
		t.Fatalf("no snapshot for %s: %v", day, err)
	}
	if sn.Members[bot.StatusActive] != 2 || sn.Members[bot.StatusPaused] != 1 {
		t.Errorf("snapshot members %v, want 2 active and 1 paused", sn.Members)
	}
}

func TestOverviewChartsMembersFromSnapshots(t *testing.T) {
	e := newEnv(t)
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for i, d := range []string{"2026-02-27", "2026-02-28", "2026-03-01"} {
			if err := tx.PutSnapshot(&bot.Snapshot{Community: comm, Day: d, Members: map[bot.Status]int{bot.StatusActive: 10 + i, bot.StatusLeft: i}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/")
	body = unlabeled(body)
	if n := strings.Count(section(body, "Members by status over time"), `<path class="line`); n != 5 {
		t.Errorf("members-over-time chart has %d lines, want one per status (5)", n)
	}
	if !strings.Contains(body, `<td>2026-03-01</td><td class="n">12</td>`) {
		t.Error("the chart's table lacks the latest day with 12 active")
	}
}

func TestSnapshotDayIsTheCommunitysDay(t *testing.T) {
	e := newEnv(t)
	e.do("mod", "config timezone Pacific/Auckland")
	e.now = time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC) // 09:00 on 3 March in Auckland
	if err := e.b.TickAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		_, err := tx.Snapshot(comm, "2026-03-03")
		return err
	}); err != nil {
		t.Errorf("no snapshot for 3 March, Auckland's day: %v", err)
	}
}

// TestOverviewFollowsSnapshotsAfterItsFirstRead: the snapshots the
// dashboard has decoded are kept, yet a page shows a day's snapshot
// written after its first read, the latest day's when it is replaced, and
// drops the days that fall out of the year.
func TestOverviewFollowsSnapshotsAfterItsFirstRead(t *testing.T) {
	e := newEnv(t)
	active := func(d string, n int) *bot.Snapshot {
		return &bot.Snapshot{Day: d, Members: map[bot.Status]int{bot.StatusActive: n}}
	}
	row := func(d string, n int) string { return `<td>` + d + `</td><td class="n">` + strconv.Itoa(n) + `</td>` }
	c, _ := e.signIn()
	overview := func() string {
		t.Helper()
		_, body, _ := get(t, c, e.srv.URL+"/dash/")
		body = unlabeled(body)
		return section(body, "Members by status over time")
	}
	e.putSnapshots(active("2026-02-23", 10), active("2026-03-01", 11))
	if got := overview(); !strings.Contains(got, row("2026-03-01", 11)) {
		t.Fatalf("first read lacks 1 March:\n%s", got)
	}
	// The table shows the latest day of each week: check that one.
	e.putSnapshots(active("2026-03-01", 12))
	e.now = e.now.Add(time.Minute)
	if got := overview(); !strings.Contains(got, row("2026-03-01", 12)) {
		t.Errorf("the latest day, replaced, still shows its first snapshot:\n%s", got)
	}
	e.putSnapshots(active("2026-03-02", 13))
	e.now = e.now.Add(time.Minute)
	if got := overview(); !strings.Contains(got, row("2026-03-02", 13)) {
		t.Errorf("a new day's snapshot is missing:\n%s", got)
	}
	e.now = time.Date(2027, 2, 25, 9, 0, 0, 0, time.UTC) // 23 February 2026 is over a year ago
	c, _ = e.signIn()                                    // the session has expired
	if got := overview(); strings.Contains(got, "2026-02-23") || !strings.Contains(got, row("2026-03-02", 13)) {
		t.Errorf("a year later the chart shows 23 February or lacks 2 March:\n%s", got)
	}
}
