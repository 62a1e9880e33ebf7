package dash

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// pastPerPage is how many past events one events page shows.
const pastPerPage = 10

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
	going    []bot.MemberID
}

// eventsData is what events.html shows.
type eventsData struct {
	page
	Upcoming, Past []eventRow
	Prev, Next     string
}

// events shows the community's events, upcoming (soonest first) and past
// (latest first, paged), with who is going. The core records RSVPs, not
// who came, so past events show the RSVPs as they stood. Only the shown
// events' members are read.
func (s *Server) events(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	comm, now, pageN := ss.user.Community, s.cfg.Now(), pageParam(r)
	loc := s.zone(ctx, comm)
	d := &eventsData{page: s.page(ss, "dash.events")}
	past := false // a page past the last
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		err := tx.Events(comm, func(ev *bot.Event) error {
			row := eventRow{ID: ev.ID, Title: ev.Title, When: bot.SayMoment(ss.user.Lang, ev.Start.In(loc)), Place: ev.Place, Canceled: ev.Canceled, start: ev.Start}
			for id, going := range ev.RSVPs {
				if !going {
					row.NotGoing++
					continue
				}
				row.Going++
				if mid, err := bot.ParseMemberID(id); err == nil {
					row.going = append(row.going, mid)
				}
			}
			if ev.Start.Add(ev.Duration).Before(now) {
				d.Past = append(d.Past, row)
			} else {
				d.Upcoming = append(d.Upcoming, row)
			}
			return nil
		})
		if err != nil {
			return err
		}
		byStart := func(a, b eventRow) int { return a.start.Compare(b.start) }
		slices.SortStableFunc(d.Upcoming, byStart)
		slices.SortStableFunc(d.Past, func(a, b eventRow) int { return -byStart(a, b) })
		if past = pageN > 0 && pageN*pastPerPage >= len(d.Past); past {
			return nil
		}
		lo := min(pageN*pastPerPage, len(d.Past))
		hi := min(lo+pastPerPage, len(d.Past))
		if pageN > 0 {
			d.Prev = "/dash/events?page=" + strconv.Itoa(pageN-1)
		}
		if hi < len(d.Past) {
			d.Next = "/dash/events?page=" + strconv.Itoa(pageN+1)
		}
		d.Past = d.Past[lo:hi]
		for _, rows := range [][]eventRow{d.Upcoming, d.Past} {
			for i := range rows {
				if err := goingNames(tx, comm, &rows[i]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		s.cfg.Logger.Error("dashboard events", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if past {
		http.NotFound(w, r)
		return
	}
	s.render(w, "events.html", d)
}

// goingNames fills in the names of who is going, sorted.
func goingNames(tx bot.Tx, comm string, row *eventRow) error {
	var names []string
	for _, id := range row.going {
		m, err := tx.Member(comm, id)
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
	return nil
}
