package dash

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// membersPerPage is how many rows one members page shows.
const membersPerPage = 50

// memberRow is one member in the members table.
type memberRow struct {
	ID        string
	Name      string
	Handle    string
	Offers    string
	Seeks     string
	Platforms string
	Status    string
	Active    string // last activity, "" when unknown
	Rounds    int
	Met       string // met rate, "" when nothing is answered
	Actions   []bot.DashboardAction
}

// membersData is what members.html shows.
type membersData struct {
	page
	Rows      []memberRow
	Statuses  []option
	Platforms []option
	Sorts     []option
	Orders    []option
	Search    string
	Skill     string
	Matches   string // how many members match
	First     string // query of the first page, "" on it
	Prev      string // query of the previous page, "" on the first
	Next      string // query of the next page, "" on the last
	Flash     string
	Back      string // this page's query, which an action comes back to
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

// members shows one page of the members the search and filters match, in
// the order asked. Pages follow each other by cursor (after= the last
// row's key, before= the first's), so a late page costs what the first
// does; see memberpage.go.
func (s *Server) members(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx, now := r.Context(), s.cfg.Now()
	v := r.URL.Query()
	q := &memberQuery{search: strings.TrimPrefix(strings.ToLower(strings.TrimSpace(v.Get("q"))), "@"), status: bot.Status(v.Get("status")), platform: v.Get("platform"),
		skill: s.skillParam(v.Get("skill")), sort: parseSort(v.Get("sort")), desc: v.Get("order") == "desc"}
	ix, err := s.index.get(ctx, s.cfg.Store, ss.user.Community, now)
	if err != nil {
		s.cfg.Logger.Error("dashboard members", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var c *cursor
	back := false
	for _, name := range []string{"after", "before"} {
		if cv, ok := parseCursor(v.Get(name)); ok {
			c, back = &cv, name == "before"
		}
	}
	pg := ix.page(q, c, back, membersPerPage, now)
	d := s.membersPage(ss, q, v, ix)
	d.Back = tableQuery(v).Encode()
	if ss.signed(v.Get("done"), v.Get("sig")) { // only what an action of this session said
		d.Flash = v.Get("done")
	}
	d.Matches = s.cat.String(d.Lang, "dash.members_match", bot.Args{"n": pg.Total})
	if d.Rows, err = s.memberRows(ctx, ss.user.Community, d, pg.IDs); err != nil {
		s.cfg.Logger.Error("dashboard members", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	link := func(name string, c cursor) string {
		l := tableQuery(v)
		l.Del("after")
		l.Del("before")
		if name != "" {
			l.Set(name, c.String())
		}
		return "?" + l.Encode()
	}
	if pg.Less {
		d.First, d.Prev = link("", cursor{}), link("before", pg.First)
	}
	if pg.More {
		d.Next = link("after", pg.Last)
	}
	s.render(w, "members.html", d)
}

// skillParam is the skill filter as the index stores skills, read as
// `find` reads one ("Golang" is go, "contabilità" accounting); text that
// is no skill stays as typed, so it matches nothing.
func (s *Server) skillParam(raw string) string {
	if sk, ok := s.cfg.Bot.NormalizeSkill(raw); ok {
		return sk
	}
	return strings.ToLower(strings.TrimSpace(raw))
}

// tableQuery keeps of a members-page query what chooses the rows: the
// search, the filters, the order and the page's cursor.
func tableQuery(v url.Values) url.Values {
	l := url.Values{}
	for _, k := range []string{"q", "status", "platform", "skill", "sort", "order", "after", "before"} {
		if v.Get(k) != "" {
			l.Set(k, v.Get(k))
		}
	}
	return l
}

// membersPage is the members page's form, its choices as the query left them.
func (s *Server) membersPage(ss *session, q *memberQuery, v url.Values, ix *memberIndex) *membersData {
	d := &membersData{page: s.page(ss, "dash.members"), Search: v.Get("q"), Skill: v.Get("skill")}
	d.Statuses = append(d.Statuses, option{Value: "", Label: d.T("dash.all"), Selected: q.status == ""})
	for _, st := range statuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: d.T("dash.status." + string(st)), Selected: q.status == st})
	}
	d.Platforms = append(d.Platforms, option{Value: "", Label: d.T("dash.all_platforms"), Selected: q.platform == ""})
	for _, p := range ix.platforms {
		d.Platforms = append(d.Platforms, option{Value: p, Label: p, Selected: q.platform == p})
	}
	for k, n := range sortNames {
		d.Sorts = append(d.Sorts, option{Value: n, Label: d.T("dash.sort." + n), Selected: q.sort == sortKey(k)})
	}
	d.Orders = []option{{Value: "asc", Label: d.T("dash.order.asc"), Selected: !q.desc}, {Value: "desc", Label: d.T("dash.order.desc"), Selected: q.desc}}
	return d
}

// shortList shows at most three items of a list, and how many more.
func shortList(l []string) string {
	if len(l) <= 3 {
		return strings.Join(l, ", ")
	}
	return strings.Join(l[:3], ", ") + " +" + strconv.Itoa(len(l)-3)
}

// memberRows reads the page's members from the store, as they are now: a
// member forgotten since the index was built is left out.
func (s *Server) memberRows(ctx context.Context, comm string, d *membersData, ids []string) ([]memberRow, error) {
	now := s.cfg.Now()
	loc := s.zone(ctx, comm)
	var rows []memberRow
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		rows = rows[:0]
		for _, idStr := range ids {
			id, err := bot.ParseMemberID(idStr)
			if err != nil {
				return err
			}
			m, err := tx.Member(comm, id)
			if errors.Is(err, bot.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			rows = append(rows, s.memberRow(m, now, loc, d.Lang, d.T))
		}
		return nil
	})
	return rows, err
}

func (s *Server) memberRow(m *bot.Member, now time.Time, loc *time.Location, lang bot.Lang, t func(string) string) memberRow {
	st := m.EffectiveStatus(now)
	row := memberRow{ID: m.ID.String(), Name: m.Name, Status: t("dash.member_status." + string(st)), Offers: shortList(s.skillNames(lang, m.Profile.Offers)),
		Seeks: shortList(s.skillNames(lang, m.Profile.Seeks)), Platforms: strings.Join(platformsOf(m), ", "), Active: activity(m, loc),
		Rounds: m.Part.Rounds, Met: metRate(m.Part), Actions: actionsFor(st)}
	if m.Handle != "" {
		row.Handle = "@" + m.Handle
	}
	return row
}

// skillNames are stored skills as they read in lang.
func (s *Server) skillNames(lang bot.Lang, skills []string) []string {
	out := make([]string, len(skills))
	for i, sk := range skills {
		out[i] = s.cfg.Bot.SkillName(lang, sk)
	}
	return out
}

// platformsOf lists the platforms of a member's accounts, sorted.
func platformsOf(m *bot.Member) []string {
	var ps []string
	for _, a := range m.AllAccounts() {
		if !slices.Contains(ps, a.ID.Platform) {
			ps = append(ps, a.ID.Platform)
		}
	}
	slices.Sort(ps)
	return ps
}

// activity is when the member last ran a command or pressed a button, in
// the community's zone; "" when that is older than the record of it.
func activity(m *bot.Member, loc *time.Location) string {
	if m.Seen.IsZero() {
		return ""
	}
	return m.Seen.In(loc).Format("2006-01-02 15:04")
}

// metRate is "67% (2/3)": the share of answered follow-ups answered yes.
func metRate(p bot.Participation) string {
	rate, ok := p.MetRate()
	if !ok {
		return ""
	}
	return fmt.Sprintf("%.0f%% (%d/%d)", rate*100, p.Met, p.Answered)
}

// confirmData is what confirm.html shows.
type confirmData struct {
	page
	Member   string
	Action   string
	Question string
	Back     string // the members page's query to come back to
	Cancel   string // the members page as it was
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
		s.backToMembers(w, r, ss, s.cat.String(ss.user.Lang, "dash.member_gone", nil))
		return
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard confirm", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	d := &confirmData{page: s.page(ss, "dash.members"), Member: id.String(), Action: string(a),
		Question: s.cat.String(ss.user.Lang, "dash.confirm_"+string(a), bot.Args{"member": name}), Back: backQuery(r)}
	d.Cancel = "/dash/members"
	if d.Back != "" {
		d.Cancel += "?" + d.Back
	}
	s.render(w, "confirm.html", d)
}

// act does a confirmed action and goes back to the members page.
func (s *Server) act(w http.ResponseWriter, r *http.Request, ss *session) {
	id, a, ok := actionForm(w, r, ss)
	if !ok {
		return
	}
	said, err := s.cfg.Bot.ActOnMember(r.Context(), ss.user, id, a)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		said, err = s.cat.String(ss.user.Lang, "dash.member_gone", nil), nil
	case errors.Is(err, bot.ErrNotModerator):
		s.plain(w, http.StatusForbidden, ss.user.Lang, "dash.link_expired")
		return
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard action", "action", a, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_ = s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		m, err := tx.Member(ss.user.Community, id)
		if err == nil {
			s.index.changed(ss.user.Community, m)
		}
		return nil
	})
	s.backToMembers(w, r, ss, said)
}

// backToMembers goes back to the members page an action form came from,
// saying flash there: signed, so that only this session's actions speak.
func (s *Server) backToMembers(w http.ResponseWriter, r *http.Request, ss *session, flash string) {
	back, _ := url.ParseQuery(backQuery(r))
	back.Set("done", flash)
	back.Set("sig", ss.sign(flash))
	http.Redirect(w, r, "/dash/members?"+back.Encode(), http.StatusSeeOther)
}

// backQuery is the members page's query an action form carries, kept to
// the keys that choose rows: nothing else reaches the redirect.
func backQuery(r *http.Request) string {
	v, _ := url.ParseQuery(r.PostFormValue("back"))
	return tableQuery(v).Encode()
}

func validAction(a bot.DashboardAction) bool {
	switch a {
	case bot.ActionPause, bot.ActionResume, bot.ActionRemove, bot.ActionUnremove:
		return true
	}
	return false
}
