package bot

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// membersPage is how many members one page of `members` lists.
const membersPage = 20

// memberStatuses are the statuses `members` filters by.
var memberStatuses = []string{string(StatusActive), string(StatusPaused), string(StatusUnreachable), string(StatusRemoved), string(StatusLeft)}

// membersFilterKeys name each status as a list filter ("attivi", not the
// status word "partecipa").
var membersFilterKeys = map[Status]string{
	StatusActive:      "msg.members_filter_active",
	StatusPaused:      "msg.members_filter_paused",
	StatusUnreachable: "msg.members_filter_unreachable",
	StatusRemoved:     "msg.members_filter_removed",
	StatusLeft:        "msg.members_filter_left",
}

// runMembers lists the community's members for moderators: `members
// [STATUS] [SKILL] [page N]`, by name, with status and last activity. A
// skill keeps those who offer it or a relative (as find matches).
func runMembers(ctx context.Context, c *call) (Message, error) {
	status := Status(c.arg("status"))
	skill, page, err := cutPage(c.arg("skill"))
	if err != nil {
		return Message{}, err
	}
	if skill != "" {
		if skill, err = c.b.skills.Normalize(skill); err != nil {
			return Message{}, err
		}
	}
	now := c.now()
	type row struct {
		m     *Member
		skill string // the skill matched, when filtering by one
	}
	var rows []row
	keep := func(m *Member) bool {
		st := m.EffectiveStatus(now)
		return st != StatusGuest && (status == "" || st == status)
	}
	err = c.b.store.View(ctx, func(tx Tx) error {
		rows = nil
		if skill == "" {
			return tx.Members(c.comm.ID, func(m *Member) error {
				if keep(m) {
					rows = append(rows, row{m: m})
				}
				return nil
			})
		}
		return c.b.eachOffering(tx, c.comm.ID, skill, func(id MemberID, o offerMatch) error {
			m, err := tx.Member(c.comm.ID, id)
			if err != nil {
				return err
			}
			if keep(m) {
				rows = append(rows, row{m: m, skill: o.Skill})
			}
			return nil
		})
	})
	if err != nil {
		return Message{}, err
	}
	filter := c.b.cat.String(c.lang, "msg.members_all", nil)
	if status != "" {
		filter = c.b.cat.String(c.lang, membersFilterKeys[status], nil)
	}
	if skill != "" {
		filter += ", " + c.b.skills.Name(c.lang, skill)
	}
	if len(rows) == 0 {
		return c.say("msg.members_none", Args{"filter": filter}), nil
	}
	pages := (len(rows) + membersPage - 1) / membersPage
	if page > pages {
		return Message{}, usageErr("err.members_page", Args{"pages": pages})
	}
	slices.SortFunc(rows, func(a, b row) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.m.Name), strings.ToLower(b.m.Name)), strings.Compare(a.m.ID.String(), b.m.ID.String()))
	})
	var items [][]Span
	for _, r := range rows[(page-1)*membersPage : min(len(rows), page*membersPage)] {
		item := []Span{{Style: Mention, Text: r.m.Name, Member: r.m.ID}}
		if r.m.Handle != "" {
			item = append(item, Text(" (@"+r.m.Handle+")"))
		}
		item = append(item, Text(" — "))
		item = append(item, c.t("msg.members_item", Args{
			"status": c.b.cat.String(c.lang, "status."+string(r.m.EffectiveStatus(now)), nil),
			"date":   Day(lastActive(r.m).In(c.loc())),
		})...)
		if len(r.m.Accounts) > 0 {
			var accounts []string
			for _, a := range r.m.Accounts {
				accounts = append(accounts, accountLabel(a))
			}
			item = append(item, Text(" · "))
			item = append(item, c.t("msg.member_accounts", Args{"accounts": strings.Join(accounts, ", ")})...)
		}
		if r.skill != "" && r.skill != skill {
			item = append(item, Text(" · "))
			item = append(item, c.t("msg.find_offers", Args{"skill": c.b.skills.Name(c.lang, r.skill)})...)
		}
		items = append(items, item)
	}
	msg := Message{Blocks: []Block{
		{Kind: Para, Spans: c.t("msg.members_title", Args{"filter": filter, "n": len(rows), "page": page, "pages": pages})},
		{Kind: List, Items: items},
	}}
	if page < pages {
		next := strings.Join(strings.Fields("members "+string(status)+" "+skill+" page "+strconv.Itoa(page+1)), " ")
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.members_next", Args{"command": Span{Style: Code, Text: c.req.Prefix + next}})})
		msg.Buttons = []Button{{Label: c.b.cat.String(c.lang, "btn.members_more", nil), Command: next}}
	}
	return msg, nil
}

// cutPage splits "go page 2" into "go" and 2; no page is page 1.
func cutPage(s string) (string, int, error) {
	f := strings.Fields(s)
	if len(f) < 2 || !strings.EqualFold(f[len(f)-2], "page") {
		return strings.Join(f, " "), 1, nil
	}
	n, err := strconv.Atoi(f[len(f)-1])
	if err != nil || n < 1 {
		return "", 0, usageErr("err.members_page_bad", Args{"page": f[len(f)-1]})
	}
	return strings.Join(f[:len(f)-2], " "), n, nil
}

// lastActive is when a member last ran a command, else when their record
// last changed (records older than Member.Seen).
func lastActive(m *Member) time.Time {
	if !m.Seen.IsZero() {
		return m.Seen
	}
	return m.Updated
}
