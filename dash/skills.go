package dash

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// skillsData is what skills.html shows.
type skillsData struct {
	page
	Offers, Seeks barChart
	Unmet         []bot.SkillCount
}

// skills shows the most offered and most sought skills and the unmet
// demand, as `stats` counts them.
func (s *Server) skills(w http.ResponseWriter, r *http.Request, ss *session) {
	st, err := s.stats.get(r.Context(), s.cfg.Bot, ss.user.Community, s.cfg.Now())
	if err != nil {
		s.cfg.Logger.Error("dashboard skills", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	d := &skillsData{page: s.page(ss, "dash.skills"), Offers: skillChart("", st.Offers), Seeks: skillChart(" met", st.Seeks), Unmet: st.Unmet}
	s.render(w, "skills.html", d)
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

// statsTTL is how long the skills page reuses a community's counts: they
// read every member, about 0.3 s at 100k members.
const statsTTL = 30 * time.Second

// statsCache keeps each community's last [bot.Stats].
type statsCache struct {
	mu sync.Mutex
	by map[string]cachedStats
}

type cachedStats struct {
	at time.Time
	st bot.Stats
}

// get returns the community's counts, counting again when they are older
// than statsTTL; concurrent requests wait for one count.
func (c *statsCache) get(ctx context.Context, b *bot.Bot, comm string, now time.Time) (bot.Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs, ok := c.by[comm]; ok && now.Sub(cs.at) < statsTTL {
		return cs.st, nil
	}
	st, err := b.CommunityStats(ctx, comm)
	if err != nil {
		return st, err
	}
	if c.by == nil {
		c.by = map[string]cachedStats{}
	}
	c.by[comm] = cachedStats{at: now, st: st}
	return st, nil
}
