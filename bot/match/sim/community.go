package sim

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rete-bot/rete/bot/match"
)

// skillsByDomain lists 60 realistic skills, 10 per domain, each domain's
// list in decreasing popularity.
func skillsByDomain() [6][10]string {
	return [6][10]string{
		{"ux design", "ui design", "product design", "branding", "user research", "figma", "illustration", "design systems", "motion graphics", "accessibility"},
		{"go", "python", "javascript", "react", "kubernetes", "devops", "machine learning", "data engineering", "mobile apps", "security"},
		{"seo", "content marketing", "social media", "email marketing", "paid ads", "growth", "analytics", "pr", "community management", "video production"},
		{"b2b sales", "lead generation", "negotiation", "crm", "partnerships", "account management", "pitching", "customer success", "pricing", "export"},
		{"contracts", "gdpr", "intellectual property", "employment law", "corporate law", "compliance", "trademarks", "tax law", "startup legal", "privacy policy"},
		{"accounting", "fundraising", "financial modeling", "bookkeeping", "invoicing", "grants", "venture capital", "cash flow", "budgeting", "crowdfunding"},
	}
}

// domainShare is how members spread over the domains above.
func domainShare() [6]float64 { return [6]float64{0.20, 0.30, 0.20, 0.12, 0.08, 0.10} }

type timezone struct {
	offset int
	weight float64
}

// timezones are UTC offsets in minutes with their share of members.
func timezones() []timezone {
	return []timezone{
		{-480, 8}, {-300, 14}, {-180, 5}, {0, 12}, {60, 28}, {120, 10}, {180, 5}, {330, 8}, {480, 6}, {600, 4},
	}
}

// zipf draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) zipf {
	z := zipf{cdf: make([]float64, n)}
	var acc float64
	for i := range n {
		acc += 1 / math.Pow(float64(i+1), s)
		z.cdf[i] = acc
	}
	for i := range z.cdf {
		z.cdf[i] /= acc
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	x := r.Float64()
	lo, hi := 0, len(z.cdf)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cdf[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// generator makes synthetic members.
type generator struct {
	r         *rand.Rand
	company   bool
	next      int
	skillRank zipf // over the 60 skills, interleaved across domains
	companies zipf
	nComp     int
	skills    [6][10]string
	domains   [6]float64
	zones     []timezone
}

func newGenerator(n int, company bool, seed uint64) *generator {
	nComp := max(2, n/6)
	return &generator{
		r:         rand.New(rand.NewPCG(seed, 0x5eed)),
		company:   company,
		skillRank: newZipf(60, 1.1),
		companies: newZipf(nComp, 1.0),
		nComp:     nComp,
		skills:    skillsByDomain(),
		domains:   domainShare(),
		zones:     timezones(),
	}
}

// skill returns the skill of global popularity rank i: ranks interleave the
// domains, so every domain has popular and rare skills.
func (g *generator) skill(i int) (string, int) {
	d := i % 6
	return g.skills[d][i/6], d
}

func (g *generator) pickDomain() int {
	x := g.r.Float64()
	for d, s := range g.domains {
		if x < s {
			return d
		}
		x -= s
	}
	return len(g.domains) - 1
}

func (g *generator) member() match.Member {
	g.next++
	m := match.Member{ID: fmt.Sprintf("m%06d", g.next)}
	home := g.pickDomain()
	has := map[string]bool{}
	for range 1 + g.r.IntN(3) {
		for { // a skill of the member's own domain
			s, d := g.skill(g.skillRank.draw(g.r))
			if d == home {
				if !has[s] {
					has[s] = true
					m.Offers = append(m.Offers, s)
				}
				break
			}
		}
	}
	for range 1 + g.r.IntN(3) {
		for tries := 0; tries < 100; tries++ {
			s, d := g.skill(g.skillRank.draw(g.r))
			if has[s] || (d == home && g.r.Float64() < 0.75) {
				continue
			}
			has[s] = true
			m.Seeks = append(m.Seeks, s)
			break
		}
	}
	var total float64
	for _, tz := range g.zones {
		total += tz.weight
	}
	x := g.r.Float64() * total
	for _, tz := range g.zones {
		if x < tz.weight {
			m.UTCOffsetMinutes = tz.offset
			break
		}
		x -= tz.weight
	}
	if g.company && g.r.Float64() >= 0.2 { // a fifth are freelancers
		m.Company = fmt.Sprintf("company-%d", g.companies.draw(g.r))
	}
	return m
}

// Members returns n synthetic members, the same for the same arguments:
// skills with Zipf-skewed popularity over 60 skills in design, development,
// marketing, sales, legal and finance (members offer skills of their own
// domain and mostly seek others'), ten timezones from UTC-8 to UTC+10, and
// with company set, Zipf-sized companies for four members in five.
func Members(n int, company bool, seed uint64) []match.Member {
	g := newGenerator(n, company, seed)
	out := make([]match.Member, n)
	for i := range out {
		out[i] = g.member()
	}
	return out
}
