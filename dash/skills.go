package dash

import (
	"net/http"
	"strconv"

	"github.com/rete-bot/rete/bot"
)

// skillsShown is how many skills the bars of each list show.
const skillsShown = 10

// growthShown is how many skills each growth chart draws: today's first
// ones of the list.
const growthShown = 5

// skillsData is what skills.html shows.
type skillsData struct {
	page
	Offers, Seeks barChart
	Unmet         []bot.SkillCount
	Growth        []titledChart // offered, sought, unmet: those with data
}

// titledChart is a line chart under its own heading.
type titledChart struct {
	Title string
	Chart lineChart
}

// skills shows the most offered and most sought skills and the unmet
// demand as they are now (counted from the members index), and their
// growth over the year from the daily snapshots.
func (s *Server) skills(w http.ResponseWriter, r *http.Request, ss *session) {
	ctx, comm := r.Context(), ss.user.Community
	ix, err := s.index.get(ctx, s.cfg.Store, comm, s.cfg.Now())
	var snaps []*bot.Snapshot
	if err == nil {
		snaps, err = s.snapshots(ctx, comm)
	}
	if err != nil {
		s.cfg.Logger.Error("dashboard skills", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	sc := s.skillCounts.get(comm, ix)
	name := func(sk string) string { return s.cfg.Bot.SkillName(ss.user.Lang, sk) } // as chat shows skills
	d := &skillsData{page: s.page(ss, "dash.skills"), Offers: skillChart("", named(sc.offers, name)), Seeks: skillChart(" met", named(sc.seeks, name)), Unmet: named(sc.unmet, name)}
	lists := []struct {
		title string
		of    func(*bot.Snapshot) []bot.SkillCount
	}{
		{"dash.most_offered", func(sn *bot.Snapshot) []bot.SkillCount { return sn.Offers }},
		{"dash.most_sought", func(sn *bot.Snapshot) []bot.SkillCount { return sn.Seeks }},
		{"dash.unmet_short", func(sn *bot.Snapshot) []bot.SkillCount { return sn.Unmet }},
	}
	for _, l := range lists {
		if c := skillGrowth(snaps, l.of, name); len(c.Lines) > 0 {
			c.First = d.T("dash.date")
			d.Growth = append(d.Growth, titledChart{Title: d.T(l.title), Chart: c})
		}
	}
	s.render(w, "skills.html", d)
}

// named is a copy of list with each skill as it reads to the moderator.
func named(list []bot.SkillCount, name func(string) string) []bot.SkillCount {
	out := make([]bot.SkillCount, len(list))
	for i, sc := range list {
		out[i] = bot.SkillCount{Skill: name(sc.Skill), N: sc.N}
	}
	return out
}

func skillChart(class string, list []bot.SkillCount) barChart {
	var labels, values []string
	var sizes []float64
	top := 0.0
	for _, sc := range list {
		labels = append(labels, sc.Skill)
		values = append(values, strconv.Itoa(sc.N))
		sizes = append(sizes, float64(sc.N))
		top = max(top, float64(sc.N))
	}
	return chart(class, labels, values, sizes, top)
}

// skillGrowth draws the first growthShown skills of the latest snapshot's
// list over the snapshots. A day misses a skill when its snapshot
// predates skill counts or the skill was not among that day's first ones.
// Lines are labelled with name(skill).
func skillGrowth(snaps []*bot.Snapshot, list func(*bot.Snapshot) []bot.SkillCount, name func(string) string) lineChart {
	var latest []bot.SkillCount
	for i := len(snaps) - 1; i >= 0 && latest == nil; i-- {
		latest = list(snaps[i])
	}
	if len(latest) == 0 {
		return lineChart{}
	}
	var ss []series
	for i, sc := range latest[:min(growthShown, len(latest))] {
		sr := series{Class: "s" + strconv.Itoa(i), Label: name(sc.Skill), values: make([]int, len(snaps)), has: make([]bool, len(snaps))}
		for j, sn := range snaps {
			for _, c := range list(sn) {
				if c.Skill == sc.Skill {
					sr.values[j], sr.has[j] = c.N, true
					break
				}
			}
		}
		ss = append(ss, sr)
	}
	c := drawLines(days(snaps), ss)
	c.Rows = weekly(days(snaps), ss)
	return c
}
