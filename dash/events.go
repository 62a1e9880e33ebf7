package dash

import (
	"errors"
	"net/http"
	"net/url"
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
	// Of a past event: who said yes, ticked if recorded as having come;
	// Attended counts them once Recorded.
	People   []attendee
	Attended int
	Recorded bool
	Form     bool // attendance can be recorded: started and not canceled
	start    time.Time
	going    []bot.MemberID
	came     []bot.MemberID
}

// attendee is one member who said they would go, on a past event.
type attendee struct {
	ID, Name string
	Came     bool
}

// eventsData is what events.html shows.
type eventsData struct {
	page
	Upcoming, Past []eventRow
	Prev, Next     string
	Page           int
	Flash          string
}

// events shows the community's events, upcoming (soonest first) and past
// (latest first, paged), with who is going; a past event lists them with
// a box each to record who came (see attendance). Only the shown events'
// members are read.
func (s *Server) events(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	comm, now, pageN := ss.user.Community, s.cfg.Now(), pageParam(r)
	loc := s.zone(ctx, comm)
	d := &eventsData{page: s.page(ss, "dash.events"), Page: pageN}
	if v := r.URL.Query(); ss.signed(v.Get("done"), v.Get("sig")) { // only what this session's form said
		d.Flash = v.Get("done")
	}
	past := false // a page past the last
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		err := tx.Events(comm, func(ev *bot.Event) error {
			row := eventRow{ID: ev.ID, Title: ev.Title, When: bot.SayMoment(ss.user.Lang, ev.Start.In(loc)), Place: ev.Place, Canceled: ev.Canceled, start: ev.Start,
				Attended: len(ev.Attended), Recorded: !ev.AttendanceAt.IsZero(), came: ev.Attended}
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
				row.Form = !ev.Canceled
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
		d.Prev, d.Next = pageLinks("/dash/events?page=", pageN, hi < len(d.Past))
		d.Past = d.Past[lo:hi]
		for i := range d.Upcoming {
			people, err := goingPeople(tx, comm, &d.Upcoming[i])
			if err != nil {
				return err
			}
			d.Upcoming[i].Names = joinNames(people)
		}
		for i := range d.Past {
			people, err := goingPeople(tx, comm, &d.Past[i])
			if err != nil {
				return err
			}
			d.Past[i].People, d.Past[i].Names = people, joinNames(people)
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

// goingPeople returns who is going to an event, sorted by name, each
// ticked if recorded as having come, reading each member once.
func goingPeople(tx bot.Tx, comm string, row *eventRow) ([]attendee, error) {
	var people []attendee
	for _, id := range row.going {
		m, err := tx.Member(comm, id)
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		people = append(people, attendee{ID: id.String(), Name: m.Name, Came: slices.Contains(row.came, id)})
	}
	slices.SortFunc(people, func(a, b attendee) int { return strings.Compare(a.Name, b.Name) })
	return people, nil
}

// joinNames lists the people's names, in their order.
func joinNames(people []attendee) string {
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// attendance records who came to a past event, as the event's form
// ticked them, and goes back to the events page saying how it went.
func (s *Server) attendance(w http.ResponseWriter, r *http.Request, ss *session) {
	if !ss.validCSRF(r) {
		http.Error(w, "invalid form token", http.StatusForbidden)
		return
	}
	var ids []bot.MemberID
	for _, v := range r.PostForm["member"] {
		id, err := bot.ParseMemberID(v)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		ids = append(ids, id)
	}
	lang := ss.user.Lang
	said, err := s.cfg.Bot.SetAttendance(r.Context(), ss.user, r.PostFormValue("event"), ids)
	var be *bot.Error
	switch {
	case errors.Is(err, bot.ErrNotModerator):
		s.plain(w, http.StatusForbidden, lang, "dash.link_expired")
		return
	case errors.Is(err, bot.ErrNotFound):
		said, err = s.cat.String(lang, "dash.event_gone", nil), nil
	case errors.As(err, &be) && (be.Code == bot.EINVALID || be.Code == bot.ECONFLICT):
		said, err = s.cat.String(lang, be.Key, be.Args), nil
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard attendance", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	back := url.Values{"done": {said}, "sig": {ss.sign(said)}}
	if n, _ := strconv.Atoi(r.PostFormValue("page")); n > 0 && n <= maxPage {
		back.Set("page", strconv.Itoa(n))
	}
	http.Redirect(w, r, "/dash/events?"+back.Encode(), http.StatusSeeOther)
}
