package dash

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/rete-bot/rete/bot"
)

// statuses are the rows of the members chart, in the order shown.
var statuses = []bot.Status{bot.StatusActive, bot.StatusPaused, bot.StatusUnreachable, bot.StatusLeft, bot.StatusRemoved}

// roundsShown is how many of the latest rounds the overview charts.
const roundsShown = 12

// bar is one bar of a horizontal SVG bar chart and its table row.
type bar struct {
	Label  string
	Value  string // as shown in the table and next to the bar
	Width  int    // in chart units, 0..barMax
	Y      int
	TextY  int
	ValueX int
}

// barChart is an SVG bar chart: Class styles its bars.
type barChart struct {
	Class  string
	Bars   []bar
	Height int
}

const (
	barMax    = 300
	barHeight = 22
	barLeft   = 130
)

// chart lays out bars for values of which top fills the chart.
func chart(class string, labels, values []string, sizes []float64, top float64) barChart {
	out := make([]bar, len(labels))
	for i := range labels {
		w := 0
		if top > 0 {
			w = int(sizes[i] / top * barMax)
		}
		out[i] = bar{Label: labels[i], Value: values[i], Width: w, Y: i * barHeight, TextY: i*barHeight + 15, ValueX: barLeft + w + 6}
	}
	return barChart{Class: class, Bars: out, Height: max(len(labels), 1) * barHeight}
}

// roundRow is one round in the overview.
type roundRow struct {
	Number  int
	Date    string
	Groups  int
	Answers int
	Met     string
	rate    float64
}

// overviewData is what overview.html shows.
type overviewData struct {
	page
	Status     barChart
	Rounds     []roundRow
	RoundChart barChart
	Intros     bot.IntroStats
	NextRound  string
	History    history
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, ss *session) {
	d, err := s.overviewData(r.Context(), ss)
	if err != nil {
		s.cfg.Logger.Error("dashboard overview", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.render(w, "overview.html", d)
}

func (s *Server) overviewData(ctx context.Context, ss *session) (*overviewData, error) {
	comm, lang := ss.user.Community, ss.user.Lang
	d := &overviewData{page: s.page(ss, "dash.overview")}
	counts := map[bot.Status]int{}
	if s.cfg.Counts != nil {
		var err error
		if counts, err = s.cfg.Counts(ctx, comm); err != nil {
			return nil, err
		}
	}
	var labels, values []string
	var sizes []float64
	top := 0.0
	for _, st := range statuses {
		n := float64(counts[st])
		labels = append(labels, s.cat.String(lang, "dash.status."+string(st), nil))
		values = append(values, strconv.Itoa(counts[st]))
		sizes = append(sizes, n)
		top = max(top, n)
	}
	d.Status = chart("", labels, values, sizes, top)
	var err error
	if d.History, err = s.historyData(ctx, comm, lang); err != nil {
		return nil, err
	}

	var next time.Time
	err = s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		st, err := tx.State(comm)
		if err != nil {
			return err
		}
		next = st.NextRound
		return tx.Rounds(comm, func(rd *bot.Round) error {
			row := roundRow{Number: rd.Number, Date: rd.Ran.Format(time.DateOnly), Groups: len(rd.Groups), Met: "-"}
			met := 0
			for _, g := range rd.Groups {
				for _, a := range g.Answers {
					if a == "yes" || a == "no" {
						row.Answers++
					}
					if a == "yes" {
						met++
					}
				}
			}
			if row.Answers > 0 {
				row.rate = float64(met) / float64(row.Answers)
				row.Met = strconv.Itoa(met*100/row.Answers) + "%"
			}
			d.Rounds = append(d.Rounds, row)
			if len(d.Rounds) > roundsShown {
				d.Rounds = d.Rounds[1:]
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	labels, values, sizes = nil, nil, nil
	for _, row := range d.Rounds {
		labels = append(labels, "#"+strconv.Itoa(row.Number))
		values = append(values, row.Met)
		sizes = append(sizes, row.rate)
	}
	d.RoundChart = chart(" met", labels, values, sizes, 1)
	if d.Intros, err = s.cfg.Bot.IntroStats(ctx, comm); err != nil {
		return nil, err
	}
	d.NextRound = s.cat.String(lang, "dash.not_scheduled", nil)
	if !next.IsZero() {
		d.NextRound = next.In(s.zone(ctx, comm)).Format("2006-01-02 15:04 MST")
	}
	return d, nil
}

// zone is the community's time zone, UTC when it has none or it is unknown.
func (s *Server) zone(ctx context.Context, comm string) *time.Location {
	c, err := s.cfg.Bot.CommunityByID(ctx, comm)
	if err != nil {
		return time.UTC
	}
	return c.Settings.Location()
}
