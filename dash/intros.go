package dash

import (
	"time"

	"github.com/rete-bot/rete/bot"
)

// introsWeekly is the intros requested, accepted and expired each week
// (weeks from Monday, on the snapshots' days). Snapshots hold running
// totals, so a week's count is its last total less the last total of the
// week before; the first week counts from its first snapshot.
func (s *Server) introsWeekly(snaps []*bot.Snapshot, lang bot.Lang) lineChart {
	if len(snaps) == 0 {
		return lineChart{}
	}
	var weeks []string
	var last []*bot.Snapshot // the last snapshot of each week
	for _, sn := range snaps {
		w := weekOf(sn.Day)
		if len(weeks) > 0 && weeks[len(weeks)-1] == w {
			last[len(last)-1] = sn
			continue
		}
		weeks, last = append(weeks, w), append(last, sn)
	}
	figures := []struct {
		key string
		of  func(*bot.Snapshot) int
	}{
		{"dash.requested", func(sn *bot.Snapshot) int { return sn.IntrosRequested }},
		{"dash.accepted", func(sn *bot.Snapshot) int { return sn.IntrosAccepted }},
		{"dash.expired", func(sn *bot.Snapshot) int { return sn.IntrosExpired }},
	}
	var ss []series
	for i, f := range figures {
		sr := series{Class: "intro" + string(rune('1'+i)), Label: s.cat.String(lang, f.key, nil)}
		for j, sn := range last {
			prev := snaps[0]
			if j > 0 {
				prev = last[j-1]
			}
			// Forgetting a member takes their intros along: never below 0.
			sr.values = append(sr.values, max(f.of(sn)-f.of(prev), 0))
		}
		ss = append(ss, sr)
	}
	c := drawLines(weeks, ss)
	c.First = s.cat.String(lang, "dash.week", nil)
	for j := len(weeks) - 1; j >= 0; j-- {
		c.Rows = append(c.Rows, tableRow{Label: weeks[j], Cells: cells(j, ss)})
	}
	return c
}

// weekOf is the Monday of a day's week, both YYYY-MM-DD.
func weekOf(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, -(int(t.Weekday())+6)%7).Format(time.DateOnly)
}
