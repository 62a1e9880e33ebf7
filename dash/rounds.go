package dash

import (
	"context"
	"encoding/csv"
	"errors"
	"html"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// roundsPerPage is how many rounds one rounds page shows.
const roundsPerPage = 5

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

// roundView is one round on the rounds page.
type roundView struct {
	Head   template.HTML
	Groups []groupView
}

// roundsData is what rounds.html shows.
type roundsData struct {
	page
	Rounds     []roundView
	Prev, Next string
	Preview    bool
}

// rounds shows the community's rounds, newest first, each as the round
// message moderators get, with the follow-up answers of each group.
func (s *Server) rounds(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx := r.Context()
	pageN, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageN = max(pageN, 0)
	d := &roundsData{page: s.page(ss, "dash.rounds_page")}
	comm, err := s.cfg.Bot.CommunityByID(ctx, ss.user.Community)
	if err == nil {
		err = s.roundViews(ctx, ss, comm, pageN, d)
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard rounds", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.render(w, "rounds.html", d)
}

func (s *Server) roundViews(ctx context.Context, ss *session, comm bot.Community, pageN int, d *roundsData) error {
	var all []*bot.Round
	names := map[string]string{}
	err := s.cfg.Store.View(ctx, func(tx bot.Tx) error {
		if err := tx.Rounds(comm.ID, func(rd *bot.Round) error { all = append(all, rd); return nil }); err != nil {
			return err
		}
		slices.Reverse(all)
		lo := min(pageN*roundsPerPage, len(all))
		hi := min(lo+roundsPerPage, len(all))
		if lo > 0 {
			d.Prev = "?page=" + strconv.Itoa(pageN-1)
		}
		if hi < len(all) {
			d.Next = "?page=" + strconv.Itoa(pageN+1)
		}
		all = all[lo:hi]
		for _, rd := range all {
			for _, g := range rd.Groups {
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
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, rd := range all {
		rv, err := s.roundView(ctx, ss.user.Lang, comm, rd, false, names)
		if err != nil {
			return err
		}
		d.Rounds = append(d.Rounds, rv)
	}
	return nil
}

// roundView renders a round one group at a time, so that part i is
// group i (the first part also carries the header).
func (s *Server) roundView(ctx context.Context, lang bot.Lang, comm bot.Community, rd *bot.Round, preview bool, names map[string]string) (roundView, error) {
	var rv roundView
	i := 0
	err := s.cfg.Bot.RoundMessageParts(ctx, lang, comm, rd, preview, 1, func(part bot.Message) error {
		blocks := part.Blocks
		if rv.Head == "" && len(blocks) > 0 && blocks[0].Kind == bot.Header {
			rv.Head = spansHTML(blocks[0].Spans)
			blocks = blocks[1:]
		}
		if i >= len(rd.Groups) {
			return nil // the empty round's sentence
		}
		gv := groupView{Text: blocksHTML(blocks)}
		if !preview {
			nameOf := func(id bot.MemberID) string {
				if name := names[id.String()]; name != "" {
					return name
				}
				return id.String()
			}
			g := rd.Groups[i]
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
			var rv roundView
			rv, err = s.roundView(ctx, ss.user.Lang, comm, rd, true, nil)
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
	_ = cw.Write([]string{"round", "period", "group", "members", "answers"})
	err := s.cfg.Store.View(r.Context(), func(tx bot.Tx) error {
		return tx.Rounds(ss.user.Community, func(rd *bot.Round) error {
			for i, g := range rd.Groups {
				var ms, as []string
				for _, id := range g.Members {
					a := answer(g, id)
					ms = append(ms, id.String())
					as = append(as, id.String()+"="+a)
				}
				if err := cw.Write([]string{strconv.Itoa(rd.Number), rd.Period.UTC().Format(time.RFC3339), strconv.Itoa(i + 1),
					cell(strings.Join(ms, "; ")), cell(strings.Join(as, "; "))}); err != nil {
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
