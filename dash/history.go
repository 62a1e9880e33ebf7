package dash

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// historyDays is how far back the members-over-time chart reaches.
const historyDays = 365

// Size of the members-over-time chart, in SVG units.
const (
	lineWidth  = 480
	lineHeight = 160
)

// line is one status's polyline in the members-over-time chart.
type line struct {
	Class  string // status word, styled by the stylesheet
	Label  string
	Points string
}

// historyRow is one day of the chart's table view.
type historyRow struct {
	Day    string
	Counts []int
}

// history is the members-by-status-over-time chart and its table, read
// from the daily snapshots only.
type history struct {
	Lines  []line
	Labels []string // the table's status columns
	Rows   []historyRow
	Max    int
	From   string
	To     string
}

// historyData reads the last year of snapshots and lays out one line per
// status; the table shows one day a week (the latest included), to stay
// short.
func (s *Server) historyData(ctx context.Context, comm string, lang bot.Lang) (history, error) {
	var h history
	var snaps []*bot.Snapshot
	from := s.cfg.Now().UTC().AddDate(0, 0, -historyDays).Format(time.DateOnly)
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		return tx.Snapshots(comm, from, func(sn *bot.Snapshot) error { snaps = append(snaps, sn); return nil })
	})
	if err != nil || len(snaps) == 0 {
		return h, err
	}
	h.From, h.To = snaps[0].Day, snaps[len(snaps)-1].Day
	for _, sn := range snaps {
		for _, st := range statuses {
			h.Max = max(h.Max, sn.Members[st])
		}
	}
	for _, st := range statuses {
		h.Labels = append(h.Labels, s.cat.String(lang, "dash.status."+string(st), nil))
	}
	top := max(h.Max, 1)
	n := max(len(snaps)-1, 1)
	for i, st := range statuses {
		var pts strings.Builder
		for j, sn := range snaps {
			x := j * lineWidth / n
			y := lineHeight - sn.Members[st]*lineHeight/top
			pts.WriteString(strconv.Itoa(x) + "," + strconv.Itoa(y) + " ")
		}
		h.Lines = append(h.Lines, line{Class: string(st), Label: h.Labels[i], Points: strings.TrimSpace(pts.String())})
	}
	for j := len(snaps) - 1; j >= 0; j -= 7 {
		sn := snaps[j]
		row := historyRow{Day: sn.Day}
		for _, st := range statuses {
			row.Counts = append(row.Counts, sn.Members[st])
		}
		h.Rows = append(h.Rows, row)
	}
	return h, nil
}
