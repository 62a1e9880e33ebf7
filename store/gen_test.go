package store

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// genSkills are the skills of generated members, most popular first.
var genSkills = []string{
	"go", "python", "javascript", "project management", "ux design", "sales",
	"digital marketing", "react", "kubernetes", "machine learning", "typescript",
	"java", "postgresql", "devops", "product management", "graphic design",
	"accounting", "finance", "legal", "hr", "communication", "seo", "rust",
	"c++", "c#", "node.js", "aws", "data analysis", "photography", "translation",
	"copywriting", "public speaking", "fundraising", "tax", "employment law",
	"data protection", "ui design", "frontend", "backend", "android", "ios",
	"swift", "kotlin", "php", "ruby", "scala", "elixir", "ci/cd", "terraform",
	"security", "networking", "embedded", "game design", "video editing",
	"social media marketing", "customer success", "recruiting", "negotiation",
	"leadership", "startup strategy",
}

var (
	genFirst = []string{"Anna", "Marco", "Giulia", "Luca", "Sara", "Matteo", "Chiara", "Davide", "Elena", "Paolo", "Alice", "Tom", "Priya", "Kenji", "Olga", "Sam"}
	genLast  = []string{"Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Smith", "Müller", "Nakamura", "Kowalski", "Garcia", "Dubois"}
	genTZ    = []string{"Europe/Rome", "Europe/Berlin", "Europe/London", "America/New_York", "", ""}
	// Bios are made of pseudo-words so that they compress about as well as
	// real prose (a few dozen distinct words would compress far better).
	genSyllables = strings.Fields("ra ti no ve lo ma ke si du pa gre sto fin ar el con mi tra be zu qui an por del ex in ul ni cor ba")
)

// genMembers returns n realistic members of one community: skill
// popularity follows a Zipf law over 60 skills (the most popular is offered
// by about 40% of members, the least by 3%), each member offers and seeks
// 3 to 8 of them. The same seed gives the same members.
func genMembers(community string, n int, seed uint64) []*bot.Member {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	zipf := rand.NewZipf(r, 1.1, 5, uint64(len(genSkills)-1))
	skills := func() []string {
		k := 3 + r.IntN(6)
		seen := make(map[string]bool, k)
		out := make([]string, 0, k)
		for len(out) < k {
			s := genSkills[zipf.Uint64()]
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out
	}
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := make([]*bot.Member, n)
	for i := range ms {
		first, last := genFirst[r.IntN(len(genFirst))], genLast[r.IntN(len(genLast))]
		var id bot.MemberID
		switch p := r.IntN(10); {
		case p < 6:
			id = bot.MemberID{Platform: "slack", Space: "T0RETE01", User: fmt.Sprintf("U%09d", i)}
		case p < 9:
			id = bot.MemberID{Platform: "discord", Space: "1122334455667788", User: fmt.Sprint(100000000000000000 + i)}
		default:
			id = bot.MemberID{Platform: "telegram", Space: "-1001234567890", User: fmt.Sprint(5000000 + i)}
		}
		bio := make([]string, 15+r.IntN(25))
		for j := range bio {
			var w strings.Builder
			for range 1 + r.IntN(4) {
				w.WriteString(genSyllables[r.IntN(len(genSyllables))])
			}
			bio[j] = w.String()
		}
		joined := base.Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
		m := &bot.Member{
			ID:        id,
			Community: community,
			Name:      first + " " + last,
			Handle:    strings.ToLower(fmt.Sprintf("%s.%s%d", first, last, i)),
			Status:    bot.StatusActive,
			Profile: bot.Profile{
				Bio:     strings.Join(bio, " "),
				TZ:      genTZ[r.IntN(len(genTZ))],
				Lang:    bot.Langs()[r.IntN(2)],
				Company: last + " & Partners",
				Offers:  skills(),
				Seeks:   skills(),
			},
			Joined:  joined,
			Updated: joined.Add(time.Duration(r.Int64N(int64(90 * 24 * time.Hour)))),
		}
		if r.IntN(2) == 0 {
			m.Profile.Links = []string{"https://www.linkedin.com/in/" + m.Handle}
		}
		if r.IntN(20) == 0 {
			m.Status, m.PausedUntil = bot.StatusPaused, joined.Add(400*24*time.Hour)
		}
		if r.IntN(50) == 0 {
			m.Blocks = []bot.MemberID{{Platform: "slack", Space: "T0RETE01", User: fmt.Sprintf("U%09d", r.IntN(n))}}
		}
		ms[i] = m
	}
	return ms
}
