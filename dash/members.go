package dash

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// membersPerPage is how many rows one members page shows.
const membersPerPage = 50

// memberRow is one member in the members table.
type memberRow struct {
	ID      string
	Name    string
	Status  string
	Offers  string
	Joined  string
	Actions []bot.DashboardAction
}

// membersData is what members.html shows.
type membersData struct {
	page
	Rows     []memberRow
	Statuses []option
	Skill    string
	Status   string
	Prev     string // query of the previous page, "" on the first
	Next     string // query of the next page, "" on the last
	Flash    string
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// actionsFor are the actions a member's status allows.
func actionsFor(st bot.Status) []bot.DashboardAction {
	switch st {
	case bot.StatusActive:
		return []bot.DashboardAction{bot.ActionPause, bot.ActionRemove}
	case bot.StatusPaused, bot.StatusUnreachable:
		return []bot.DashboardAction{bot.ActionResume, bot.ActionRemove}
	case bot.StatusRemoved:
		return []bot.DashboardAction{bot.ActionUnremove}
	}
	return []bot.DashboardAction{bot.ActionRemove}
}

func (s *Server) members(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	pageN, _ := strconv.Atoi(q.Get("page"))
	pageN = max(pageN, 0)
	d := &membersData{page: s.page(ss, "dash.members"), Status: q.Get("status"), Skill: strings.TrimSpace(q.Get("skill")), Flash: q.Get("done")}
	d.Statuses = append(d.Statuses, option{Value: "", Label: d.T("dash.all"), Selected: d.Status == ""})
	for _, st := range statuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: d.T("dash.status." + string(st)), Selected: d.Status == string(st)})
	}
	more, err := s.memberRows(r.Context(), ss.user.Community, bot.Status(d.Status), strings.ToLower(d.Skill), pageN, d)
	if err != nil {
		s.cfg.Logger.Error("dashboard members", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	link := func(p int) string {
		v := q
		v.Del("done")
		v.Set("page", strconv.Itoa(p))
		return "?" + v.Encode()
	}
	if pageN > 0 {
		d.Prev = link(pageN - 1)
	}
	if more {
		d.Next = link(pageN + 1)
	}
	s.render(w, "members.html", d)
}

// errPageFull stops a scan once a page and one more row are read.
var errPageFull = errors.New("page full")

// memberRows reads one page of the members that match: a skill reads its
// index, no skill walks the members in id order; either stops one row
// past the page.
func (s *Server) memberRows(ctx context.Context, comm string, status bot.Status, skill string, pageN int, d *membersData) (more bool, err error) {
	now := s.cfg.Now()
	skip := pageN * membersPerPage
	add := func(m *bot.Member) error {
		st := m.EffectiveStatus(now)
		if st == bot.StatusGuest || status != "" && st != status {
			return nil
		}
		if skip > 0 {
			skip--
			return nil
		}
		if len(d.Rows) == membersPerPage {
			more = true
			return errPageFull
		}
		row := memberRow{ID: m.ID.String(), Name: m.Name, Status: d.T("dash.status." + string(st)), Offers: strings.Join(m.Profile.Offers, ", "), Actions: actionsFor(st)}
		if !m.Joined.IsZero() {
			row.Joined = m.Joined.Format(time.DateOnly)
		}
		d.Rows = append(d.Rows, row)
		return nil
	}
	err = s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		d.Rows, more = nil, false
		if skill == "" {
			return tx.Members(comm, add)
		}
		return tx.MembersWithSkill(comm, bot.Offers, skill, func(id bot.MemberID) error {
			m, err := tx.Member(comm, id)
			if err != nil {
				return err
			}
			return add(m)
		})
	})
	if errors.Is(err, errPageFull) {
		err = nil
	}
	return more, err
}

// confirmData is what confirm.html shows.
type confirmData struct {
	page
	Member   string
	Action   string
	Question string
}

// actionForm reads the member and action a members-page form posts,
// answering the error itself when the form is forged or malformed.
func actionForm(w http.ResponseWriter, r *http.Request, ss *session) (bot.MemberID, bot.DashboardAction, bool) {
	if !ss.validCSRF(r) {
		http.Error(w, "invalid form token", http.StatusForbidden)
		return bot.MemberID{}, "", false
	}
	id, err := bot.ParseMemberID(r.PostFormValue("member"))
	a := bot.DashboardAction(r.PostFormValue("action"))
	if err != nil || !validAction(a) {
		http.Error(w, "bad request", http.StatusBadRequest)
		return bot.MemberID{}, "", false
	}
	return id, a, true
}

// confirm asks before an action: the row's button posts here, and only
// the confirmation's button changes anything.
func (s *Server) confirm(w http.ResponseWriter, r *http.Request, ss *session) {
	id, a, ok := actionForm(w, r, ss)
	if !ok {
		return
	}
	var name string
	err := s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		m, err := tx.Member(ss.user.Community, id)
		if err == nil {
			name = m.Name
		}
		return err
	})
	if errors.Is(err, bot.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard confirm", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	d := &confirmData{page: s.page(ss, "dash.members"), Member: id.String(), Action: string(a),
		Question: s.cat.String(ss.user.Lang, "dash.confirm_"+string(a), bot.Args{"member": name})}
	s.render(w, "confirm.html", d)
}

// act does a confirmed action and goes back to the members page.
func (s *Server) act(w http.ResponseWriter, r *http.Request, ss *session) {
	id, a, ok := actionForm(w, r, ss)
	if !ok {
		return
	}
	said, err := s.cfg.Bot.ActOnMember(r.Context(), ss.user, id, a)
	if err != nil {
		s.cfg.Logger.Error("dashboard action", "action", a, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, "/dash/members?done="+url.QueryEscape(said), http.StatusSeeOther)
}

func validAction(a bot.DashboardAction) bool {
	switch a {
	case bot.ActionPause, bot.ActionResume, bot.ActionRemove, bot.ActionUnremove:
		return true
	}
	return false
}
