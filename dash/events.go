package dash

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// eventRow is one event on the events page.
type eventRow struct {
	ID       string
	Title    string
	When     string
	Place    string
	Canceled bool
	Going    int
	Names    string
	NotGoing int
	start    time.Time
}

// eventsData is what events.html shows.
type eventsData struct {
	page
	Upcoming, Past []eventRow
}

// events shows the community's events, upcoming (soonest first) and past
// (latest first), with who is going. The core records RSVPs, not who
// came, so past events show the RSVPs as they stood.
func (s *Server) events(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	comm, now := ss.user.Community, s.cfg.Now()
	loc := s.zone(ctx, comm)
	d := &eventsData{page: s.page(ss, "dash.events")}
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		return tx.Events(comm, func(ev *bot.Event) error {
			row := eventRow{ID: ev.ID, Title: ev.Title, When: bot.SayMoment(ss.user.Lang, ev.Start.In(loc)), Place: ev.Place, Canceled: ev.Canceled, start: ev.Start}
			var names []string
			for id, going := range ev.RSVPs {
				if !going {
					row.NotGoing++
					continue
				}
				row.Going++
				mid, err := bot.ParseMemberID(id)
				if err != nil {
					continue
				}
				m, err := tx.Member(comm, mid)
				if errors.Is(err, bot.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				names = append(names, m.Name)
			}
			slices.Sort(names)
			row.Names = strings.Join(names, ", ")
			if ev.Start.Add(ev.Duration).Before(now) {
				d.Past = append(d.Past, row)
			} else {
				d.Upcoming = append(d.Upcoming, row)
			}
			return nil
		})
	})
	if err != nil {
		s.cfg.Logger.Error("dashboard events", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	byStart := func(a, b eventRow) int { return a.start.Compare(b.start) }
	slices.SortStableFunc(d.Upcoming, byStart)
	slices.SortStableFunc(d.Past, func(a, b eventRow) int { return -byStart(a, b) })
	s.render(w, "events.html", d)
}
