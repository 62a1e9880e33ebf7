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
	// AtSlot is how many of the groups that met did so at a time rete
	// proposed and one of them picked ("3 of 5"; "-" when none met).
	AtSlot string
	rate   float64
}

// overviewData is what overview.html shows.
type overviewData struct {
	page
	Status     barChart
	Rounds     []roundRow
	RoundChart barChart
	Intros     bot.IntroCounts
	Weekly     lineChart // intros per week
	Upcoming   []string  // the next round times
	Schedule   string
	History    lineChart
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

// upcomingShown is how many round times the overview's schedule lists.
const upcomingShown = 4

func (s *Server) overviewData(ctx context.Context, ss *session) (*overviewData, error) {
	lang := ss.user.Lang
	comm, err := s.cfg.Bot.CommunityByID(ctx, ss.user.Community)
	if err != nil {
		return nil, err
	}
	loc := comm.Settings.Location()
	d := &overviewData{page: s.page(ss, "dash.overview")}
	// The store keeps the intro totals up to date: one key to read.
	if d.Intros, err = s.cfg.Bot.IntroCounts(ctx, comm.ID); err != nil {
		return nil, err
	}
	counts := map[bot.Status]int{}
	if s.cfg.Counts != nil {
		if counts, err = s.counts.get(ctx, s.cfg.Counts, comm.ID, s.cfg.Now()); err != nil {
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
	snaps, err := s.snapshots(ctx, comm.ID)
	if err != nil {
		return nil, err
	}
	d.History = s.membersHistory(snaps, lang)
	d.Weekly = s.introsWeekly(snaps, lang)

	sums, err := s.roundSummaries(ctx, comm.ID)
	if err != nil {
		return nil, err
	}
	for _, sum := range sums[max(len(sums)-roundsShown, 0):] {
		row := roundRow{Number: sum.Number, Date: sum.Ran.In(loc).Format(time.DateOnly), Groups: sum.Groups, Answers: sum.Answers, Met: "-", AtSlot: "-"}
		if sum.GroupsMet > 0 {
			row.AtSlot = s.cat.String(lang, "dash.of", bot.Args{"n": sum.MetAtSlot, "of": sum.GroupsMet})
		}
		if sum.Answers > 0 {
			row.rate = float64(sum.Met) / float64(sum.Answers)
			row.Met = strconv.Itoa(sum.Met*100/sum.Answers) + "%"
		}
		d.Rounds = append(d.Rounds, row)
	}
	labels, values, sizes = nil, nil, nil
	for _, row := range d.Rounds {
		labels = append(labels, "#"+strconv.Itoa(row.Number))
		values = append(values, row.Met)
		sizes = append(sizes, row.rate)
	}
	d.RoundChart = chart(" met", labels, values, sizes, 1)
	next, err := s.cfg.Bot.UpcomingRounds(ctx, comm, upcomingShown)
	if err != nil {
		return nil, err
	}
	for _, at := range next {
		d.Upcoming = append(d.Upcoming, bot.SayMoment(lang, at.In(loc)))
	}
	every := comm.Settings.Every
	if c, err := bot.ParseCadence(every); err == nil {
		every = c.String()
	}
	d.Schedule = comm.Settings.Schedule + " · " + every + " · " + loc.String()
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
