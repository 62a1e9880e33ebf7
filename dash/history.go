package dash

import (
	"context"
	"time"

	"github.com/rete-bot/rete/bot"
)

// historyDays is how far back the charts over time reach.
const historyDays = 365

// snapshots returns the community's daily snapshots of the last
// historyDays, oldest first, decoding only those it has not decoded
// before (see snapCache).
func (s *Server) snapshots(ctx context.Context, comm string) ([]*bot.Snapshot, error) {
	now := s.cfg.Now()
	from := now.UTC().AddDate(0, 0, -historyDays).Format(time.DateOnly)
	return s.snaps.get(ctx, s.cfg.Store, comm, from, now)
}

// days are the days of snaps, the x axis of the charts over time.
func days(snaps []*bot.Snapshot) []string {
	out := make([]string, len(snaps))
	for i, sn := range snaps {
		out[i] = sn.Day
	}
	return out
}

// membersHistory is the members-by-status-over-time chart, one line a
// status.
func (s *Server) membersHistory(snaps []*bot.Snapshot, lang bot.Lang) lineChart {
	var ss []series
	for _, st := range statuses {
		sr := series{Class: string(st), Label: s.cat.String(lang, "dash.status."+string(st), nil)}
		for _, sn := range snaps {
			sr.values = append(sr.values, sn.Members[st])
		}
		ss = append(ss, sr)
	}
	c := drawLines(days(snaps), ss)
	c.First, c.Rows = s.cat.String(lang, "dash.date", nil), weekly(days(snaps), ss)
	return c
}
