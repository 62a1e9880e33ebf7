package dash

import (
	"context"
	"encoding/csv"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// A round of 100k members has 50k groups: pages show a few at a time.
const (
	roundsPerPage = 5  // rounds on one rounds page
	groupsOnList  = 10 // groups a round shows on the rounds page
	groupsPerPage = 50 // groups on one page of a round
)

// answerRow is one member of a group and their "did you meet?" answer.
type answerRow struct {
	Name   string
	Answer string // yes, notyet, no or none
}

// groupView is one group of a round: the message moderators get for it
// (names and reasons), the time it picked or who called it off, and who
// answered what.
type groupView struct {
	Text      template.HTML
	Picked    string
	CalledOff string
	Answers   []answerRow
}

// roundView is one round, or a page of its groups.
type roundView struct {
	Head   template.HTML
	Groups []groupView
	Shown  string // which groups are shown, when not all
	Link   string // the round's own page, when the list shows only its first groups
}

// roundsData is what rounds.html shows.
type roundsData struct {
	page
	Rounds     []roundView
	Prev, Next string
	Preview    bool
	Back       bool // a round's page: link back to the rounds
}

// rounds shows the community's rounds, newest first, each as the round
// message moderators get, with the follow-up answers of its first groups.
func (s *Server) rounds(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	pageN := pageParam(r)
	d := &roundsData{page: s.page(ss, "dash.rounds_page")}
	comm, err := s.cfg.Bot.CommunityByID(ctx, ss.user.Community)
	var sums []bot.RoundSummary
	if err == nil {
		sums, err = s.roundSummaries(ctx, comm.ID)
	}
	if err == nil && pageN > 0 && pageN*roundsPerPage >= len(sums) {
		http.NotFound(w, r) // past the last page
		return
	}
	for i := len(sums) - 1 - pageN*roundsPerPage; err == nil && i >= 0 && i > len(sums)-1-(pageN+1)*roundsPerPage; i-- {
		var rv roundView
		if rv, err = s.storedRoundView(ctx, ss.user.Lang, comm, sums[i], 0, groupsOnList); err != nil {
			break
		}
		if sums[i].Groups > groupsOnList {
			rv.Link = "/dash/rounds/" + url.PathEscape(sums[i].ID)
		}
		d.Rounds = append(d.Rounds, rv)
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard rounds", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	d.Prev, d.Next = pageLinks("/dash/rounds?page=", pageN, (pageN+1)*roundsPerPage < len(sums))
	s.render(w, "rounds.html", d)
}

// roundPage shows one round, groupsPerPage groups a page.
func (s *Server) roundPage(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	pageN, id := pageParam(r), r.PathValue("id")
	d := &roundsData{page: s.page(ss, "dash.rounds_page"), Back: true}
	comm, err := s.cfg.Bot.CommunityByID(ctx, ss.user.Community)
	var sums []bot.RoundSummary
	if err == nil {
		sums, err = s.roundSummaries(ctx, comm.ID)
	}
	i := slices.IndexFunc(sums, func(sum bot.RoundSummary) bool { return sum.ID == id })
	if err == nil && (i < 0 || pageN > 0 && pageN*groupsPerPage >= sums[i].Groups) {
		http.NotFound(w, r)
		return
	}
	var rv roundView
	if err == nil {
		rv, err = s.storedRoundView(ctx, ss.user.Lang, comm, sums[i], pageN*groupsPerPage, (pageN+1)*groupsPerPage)
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard round", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	d.Prev, d.Next = pageLinks("/dash/rounds/"+url.PathEscape(id)+"?page=", pageN, (pageN+1)*groupsPerPage < sums[i].Groups)
	d.Rounds = []roundView{rv}
	s.render(w, "rounds.html", d)
}

// maxPage caps page numbers, so that a page times the rows of a page
// never overflows; far more pages than any community has.
const maxPage = 1 << 20

// pageParam is the request's page number, 0 for the first, at most
// maxPage (a number too large for an int is that too).
func pageParam(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return min(max(n, 0), maxPage)
}

// pageLinks are the links to the pages before and after page n, base
// being a link ending "page=": none before the first, none after unless
// there is more.
func pageLinks(base string, n int, more bool) (prev, next string) {
	if n > 0 {
		prev = base + strconv.Itoa(n-1)
	}
	if more {
		next = base + strconv.Itoa(n+1)
	}
	return prev, next
}

// storedRoundView renders groups lo to hi of a stored round, reading only
// those groups and their members.
func (s *Server) storedRoundView(ctx context.Context, lang bot.Lang, comm bot.Community, sum bot.RoundSummary, lo, hi int) (roundView, error) {
	part := &bot.Round{Community: comm.ID, ID: sum.ID, Number: sum.Number, Period: sum.Period, Ran: sum.Ran}
	names := map[string]string{}
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		var err error
		if part.Groups, err = tx.RoundGroups(comm.ID, sum.ID, lo, hi); err != nil {
			return err
		}
		for _, g := range part.Groups {
			for _, id := range g.Members {
				m, err := tx.Member(comm.ID, id)
				if errors.Is(err, bot.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				names[id.String()] = m.Name
			}
		}
		return nil
	})
	if err != nil {
		return roundView{}, err
	}
	return s.roundView(ctx, lang, comm, sum, part, lo, false, names)
}

// roundView renders part, the groups of a round from the lo-th on, under
// the header of the whole round; with the members' answers unless it is
// a preview.
func (s *Server) roundView(ctx context.Context, lang bot.Lang, comm bot.Community, sum bot.RoundSummary, part *bot.Round, lo int, preview bool, names map[string]string) (roundView, error) {
	rv := roundView{Head: spansHTML(s.cfg.Bot.RoundHeader(lang, comm, sum, preview))}
	if hi := lo + len(part.Groups); lo > 0 || hi < sum.Groups {
		rv.Shown = s.cat.String(lang, "dash.groups_shown", bot.Args{"from": min(lo+1, hi), "to": hi, "n": sum.Groups})
	}
	i := 0
	err := s.cfg.Bot.RoundMessageParts(ctx, lang, comm, part, preview, 1, func(msg bot.Message) error {
		blocks := msg.Blocks
		if i == 0 && len(blocks) > 0 && blocks[0].Kind == bot.Header {
			blocks = blocks[1:]
		}
		if i >= len(part.Groups) {
			return nil // the empty round's sentence
		}
		g := part.Groups[i]
		gv := groupView{Text: blocksHTML(blocks)}
		if !preview {
			nameOf := func(id bot.MemberID) string {
				if name := names[id.String()]; name != "" {
					return name
				}
				if id.Forgotten() { // a stand-in's id says nothing
					return s.cat.String(lang, "dash.deleted_member", nil)
				}
				return id.String()
			}
			for _, id := range g.Members {
				gv.Answers = append(gv.Answers, answerRow{Name: nameOf(id), Answer: answer(g, id)})
			}
			gv.Picked, gv.CalledOff = s.groupMeet(lang, comm, g, nameOf)
		}
		rv.Groups = append(rv.Groups, gv)
		i++
		return nil
	})
	return rv, err
}

// groupMeet says, in the community's zone, the proposed time a group
// picked and who picked it, and who called its week off and how.
func (s *Server) groupMeet(lang bot.Lang, comm bot.Community, g bot.RoundGroup, nameOf func(bot.MemberID) string) (picked, calledOff string) {
	cat := s.cfg.Bot.Catalog()
	if p := g.Pick; p != nil && p.Slot < len(g.Slots) {
		picked = cat.String(lang, "dash.picked_at", bot.Args{"when": bot.Moment(g.Slots[p.Slot].In(comm.Settings.Location())), "name": nameOf(p.By)})
	}
	if e := g.Ended; e != nil {
		calledOff = cat.String(lang, "dash.called_off_"+e.Why, bot.Args{"name": nameOf(e.By)})
	}
	return picked, calledOff
}

// answer is a member's follow-up answer in g, "none" before they give one.
func answer(g bot.RoundGroup, id bot.MemberID) string {
	if a := g.Answers[id.String()]; a != "" {
		return a
	}
	return "none"
}

// roundPreview shows the groups the next round would make now, storing
// and sending nothing.
func (s *Server) roundPreview(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	d := &roundsData{page: s.page(ss, "dash.round_preview"), Preview: true}
	comm, err := s.cfg.Bot.CommunityByID(ctx, ss.user.Community)
	if err == nil {
		var rd *bot.Round
		rd, err = s.cfg.Bot.RunRound(ctx, comm.ID, bot.RoundOptions{Preview: true})
		var ne *bot.NotEnoughError
		if errors.As(err, &ne) {
			s.render(w, "rounds.html", d)
			return
		}
		if err == nil {
			part := *rd // keeps the names the preview was matched from
			part.Groups = rd.Groups[:min(groupsPerPage, len(rd.Groups))]
			var rv roundView
			rv, err = s.roundView(ctx, ss.user.Lang, comm, rd.Summary(), &part, 0, true, nil)
			d.Rounds = append(d.Rounds, rv)
		}
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard round preview", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.render(w, "rounds.html", d)
}

// roundsCSV serves every group of every round: round, period, group,
// members and their answers.
func (s *Server) roundsCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="rounds.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"round", "period", "group", "members", "answers", "picked_time", "called_off"})
	deleted := s.cat.String(ss.user.Lang, "dash.deleted_member", nil)
	err := s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		return tx.Rounds(ss.user.Community, func(rd *bot.Round) error {
			for i, g := range rd.Groups {
				var ms, as []string
				for _, id := range g.Members {
					who := id.String()
					if id.Forgotten() {
						who = deleted
					}
					ms = append(ms, who)
					as = append(as, who+"="+answer(g, id))
				}
				picked, off := "", ""
				if p := g.Pick; p != nil && p.Slot >= 0 && p.Slot < len(g.Slots) {
					picked = g.Slots[p.Slot].UTC().Format(time.RFC3339)
				}
				if g.Ended != nil {
					off = "yes"
				}
				if err := cw.Write([]string{strconv.Itoa(rd.Number), rd.Period.UTC().Format(time.RFC3339), strconv.Itoa(i + 1),
					cell(strings.Join(ms, "; ")), cell(strings.Join(as, "; ")), picked, off}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	cw.Flush()
	if err != nil {
		s.cfg.Logger.Error("dashboard rounds csv", "err", err)
	}
}

// spansHTML renders spans as HTML, every text escaped: a link only when
// it is http(s), so a member's text can never become a script URL.
func spansHTML(spans []bot.Span) template.HTML {
	var sb strings.Builder
	for _, sp := range spans {
		t := strings.ReplaceAll(html.EscapeString(sp.Text), "\n", "<br>")
		switch {
		case sp.Style == bot.Bold:
			sb.WriteString("<strong>" + t + "</strong>")
		case sp.Style == bot.Code:
			sb.WriteString("<code>" + t + "</code>")
		case sp.Style == bot.Link && (strings.HasPrefix(sp.URL, "https://") || strings.HasPrefix(sp.URL, "http://")):
			sb.WriteString(`<a href="` + html.EscapeString(sp.URL) + `" rel="noopener noreferrer">` + t + "</a>")
		default:
			sb.WriteString("<span>" + t + "</span>")
		}
	}
	return template.HTML(sb.String())
}

// blocksHTML renders a group's blocks: paragraphs and lists.
func blocksHTML(blocks []bot.Block) template.HTML {
	var sb strings.Builder
	for _, bl := range blocks {
		if bl.Kind == bot.List {
			sb.WriteString("<ul>")
			for _, it := range bl.Items {
				sb.WriteString("<li>" + string(spansHTML(it)) + "</li>")
			}
			sb.WriteString("</ul>")
			continue
		}
		sb.WriteString("<p>" + string(spansHTML(bl.Spans)) + "</p>")
	}
	return template.HTML(sb.String())
}
