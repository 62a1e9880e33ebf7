package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/rete-bot/rete/adapters/console"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/store"
)

// demoPerson is one sample member.
type demoPerson struct {
	name, company, tz string
	lang              bot.Lang
	bio               string
	offers, seeks     []string
}

// demoPeople are the sample members of `rete console --demo`: freelancers
// and small companies across design, development, marketing, sales, legal
// and finance, in several time zones.
func demoPeople() []demoPerson {
	return []demoPerson{
		{"Giulia Bianchi", "Studio Nodo", "Europe/Rome", bot.LangIT, "Designer di prodotto, 8 anni tra startup e agenzie.", []string{"ux design", "ui design", "figma"}, []string{"react", "copywriting"}},
		{"Marco Rossi", "", "Europe/Rome", bot.LangIT, "Sviluppatore Go e Kubernetes, freelance.", []string{"go", "kubernetes", "postgresql"}, []string{"ux design", "sales"}},
		{"Anna Conti", "Conti Legal", "Europe/Rome", bot.LangIT, "Avvocata: contratti SaaS e privacy.", []string{"legal", "data protection", "contracts"}, []string{"web development", "digital marketing"}},
		{"Luca Ferrari", "Ferrari & Co", "Europe/Rome", bot.LangIT, "Commercialista per freelance e startup.", []string{"accounting", "tax", "finance"}, []string{"graphic design", "seo"}},
		{"Sara Romano", "", "Europe/Rome", bot.LangIT, "Copywriter e content strategist.", []string{"copywriting", "content strategy", "seo"}, []string{"ux design", "legal"}},
		{"Alessandro Greco", "Pixel Forge", "Europe/Rome", bot.LangIT, "Frontend developer, React e accessibilità.", []string{"react", "typescript", "accessibility"}, []string{"go", "fundraising"}},
		{"Francesca Marino", "", "Europe/Rome", bot.LangIT, "Fotografa e art director.", []string{"photography", "art direction", "graphic design"}, []string{"sales", "pricing"}},
		{"Matteo Galli", "Galli Digital", "Europe/Rome", bot.LangIT, "Performance marketing per e-commerce.", []string{"digital marketing", "google ads", "analytics"}, []string{"shopify", "copywriting"}},
		{"Chiara Costa", "", "Europe/Rome", bot.LangIT, "Project manager agile, ex consulenza.", []string{"project management", "agile coaching"}, []string{"python", "data analysis"}},
		{"Davide Fontana", "Fontana Sales Lab", "Europe/Rome", bot.LangIT, "Vendite B2B e formazione commerciale.", []string{"sales", "negotiation", "crm"}, []string{"branding", "linkedin"}},
		{"Elena Moretti", "", "Europe/Rome", bot.LangIT, "Traduttrice tecnica EN/IT/DE.", []string{"translation", "localization"}, []string{"web development", "tax"}},
		{"Paolo Ricci", "Ricci Ventures", "Europe/Rome", bot.LangIT, "Business angel, aiuto a preparare round seed.", []string{"fundraising", "finance", "pitch decks"}, []string{"artificial intelligence", "legal"}},
		{"Valentina Bruno", "", "Europe/Rome", bot.LangIT, "Illustratrice e brand designer.", []string{"illustration", "branding", "graphic design"}, []string{"social media marketing", "pricing"}},
		{"Simone Lombardi", "Nuvola Srl", "Europe/Rome", bot.LangIT, "CTO, architetture cloud e sicurezza.", []string{"aws", "security", "go"}, []string{"hiring", "sales"}},
		{"Martina Colombo", "", "Europe/Rome", bot.LangIT, "Social media manager per brand di moda.", []string{"social media marketing", "community management"}, []string{"photography", "analytics"}},
		{"Federico Esposito", "Esposito Dati", "Europe/Rome", bot.LangIT, "Data analyst, Python e dashboard.", []string{"python", "data analysis", "sql"}, []string{"machine learning", "fundraising"}},
		{"Silvia Barbieri", "", "Europe/Rome", bot.LangIT, "HR e recruiting per team tech.", []string{"hiring", "hr", "employer branding"}, []string{"employment law", "branding"}},
		{"Giorgio Villa", "Villa Law", "Europe/Rome", bot.LangIT, "Diritto del lavoro e contrattualistica.", []string{"employment law", "contracts", "legal"}, []string{"crm", "seo"}},
		{"Roberta Serra", "", "Europe/Rome", bot.LangIT, "Consulente e-commerce Shopify.", []string{"shopify", "e-commerce"}, []string{"google ads", "photography"}},
		{"Stefano Mancini", "Mancini Finance", "Europe/Rome", bot.LangIT, "CFO part-time per PMI.", []string{"finance", "pricing", "budgeting"}, []string{"crm", "automation"}},
		{"Emma Thompson", "Brightside", "Europe/London", bot.LangEN, "Brand strategist working with B2B SaaS.", []string{"branding", "positioning", "copywriting"}, []string{"ui design", "analytics"}},
		{"James Carter", "", "Europe/London", bot.LangEN, "Backend engineer, Python and Go.", []string{"python", "go", "postgresql"}, []string{"product management", "sales"}},
		{"Olivia Hughes", "Hughes & Partners", "Europe/London", bot.LangEN, "Startup lawyer: incorporations, equity, IP.", []string{"legal", "intellectual property", "contracts"}, []string{"react", "bookkeeping"}},
		{"Liam O'Connor", "", "Europe/Dublin", bot.LangEN, "Growth marketer, lifecycle and email.", []string{"email marketing", "growth", "analytics"}, []string{"copywriting", "shopify"}},
		{"Sophie Martin", "Atelier Martin", "Europe/Paris", bot.LangEN, "Product designer and design-system lead.", []string{"ui design", "design systems", "figma"}, []string{"accessibility", "hiring"}},
		{"Lukas Becker", "", "Europe/Berlin", bot.LangEN, "DevOps and platform engineering.", []string{"kubernetes", "terraform", "aws"}, []string{"security", "fundraising"}},
		{"Hannah Schmidt", "Kontor Finance", "Europe/Berlin", bot.LangEN, "Fractional CFO, fundraising models.", []string{"finance", "fundraising", "budgeting"}, []string{"branding", "employment law"}},
		{"Noah Williams", "", "America/New_York", bot.LangEN, "Enterprise sales, from first deal to a team.", []string{"sales", "negotiation", "sales strategy"}, []string{"product management", "pitch decks"}},
		{"Ava Johnson", "Northwind Studio", "America/New_York", bot.LangEN, "UX researcher, interviews and usability.", []string{"ux research", "ux design"}, []string{"data analysis", "legal"}},
		{"Ethan Brown", "", "America/Chicago", bot.LangEN, "Full-stack developer, Rails and React.", []string{"ruby", "react", "web development"}, []string{"ux research", "tax"}},
		{"Mia Davis", "Davis Consulting", "America/Los_Angeles", bot.LangEN, "Product manager for developer tools.", []string{"product management", "roadmapping"}, []string{"go", "growth"}},
		{"Lucas Silva", "", "America/Sao_Paulo", bot.LangEN, "Machine learning engineer.", []string{"machine learning", "python", "artificial intelligence"}, []string{"fundraising", "positioning"}},
		{"Priya Sharma", "Lotus Labs", "Asia/Kolkata", bot.LangEN, "Mobile developer, Flutter and Kotlin.", []string{"flutter", "kotlin", "mobile development"}, []string{"ui design", "growth"}},
		{"Kenji Tanaka", "", "Asia/Tokyo", bot.LangEN, "Localization lead for games and apps.", []string{"localization", "translation", "project management"}, []string{"sales strategy", "contracts"}},
		{"Chloe Wilson", "Wilson Books", "Australia/Sydney", bot.LangEN, "Bookkeeper for creative freelancers.", []string{"bookkeeping", "accounting", "tax"}, []string{"email marketing", "illustration"}},
		{"Daniel Moore", "", "Europe/London", bot.LangEN, "Video producer and motion designer.", []string{"video production", "motion design"}, []string{"social media marketing", "pricing"}},
		{"Giada Rinaldi", "Rinaldi Comunicazione", "Europe/Rome", bot.LangIT, "Ufficio stampa e comunicazione.", []string{"pr", "communication", "copywriting"}, []string{"video production", "linkedin"}},
		{"Tommaso Gatti", "", "Europe/Rome", bot.LangIT, "Automazioni no-code e CRM.", []string{"automation", "crm", "no-code"}, []string{"legal", "finance"}},
		{"Isabella Ferri", "", "Europe/Zurich", bot.LangIT, "Consulente privacy e GDPR.", []string{"data protection", "compliance"}, []string{"automation", "web development"}},
		{"Riccardo Testa", "Testa Web", "Europe/Rome", bot.LangIT, "Siti web e SEO tecnica.", []string{"web development", "seo", "wordpress"}, []string{"branding", "accounting"}},
	}
}

// seedDemo stores the sample members in a community, leaving any member
// that already exists alone. It returns how many it added.
func seedDemo(ctx context.Context, db *store.DB, community, space string, now time.Time) (int, error) {
	r := rand.New(rand.NewPCG(1, 2))
	var add []*bot.Member
	for i, p := range demoPeople() {
		id := bot.MemberID{Platform: console.Platform, Space: space, User: strings.ToLower(strings.Fields(p.name)[0])}
		err := db.View(ctx, func(tx bot.Tx) error { _, err := tx.Member(community, id); return err })
		if err == nil {
			continue
		}
		if !errors.Is(err, bot.ErrNotFound) {
			return 0, fmt.Errorf("demo: %w", err)
		}
		joined := now.AddDate(0, 0, -r.IntN(300)-1)
		m := &bot.Member{
			ID: id, Community: community, Name: p.name, Handle: id.User, Status: bot.StatusActive,
			Profile: bot.Profile{Bio: p.bio, TZ: p.tz, Lang: p.lang, Company: p.company, Offers: p.offers, Seeks: p.seeks},
			Joined:  joined, Updated: joined,
		}
		if i%11 == 5 {
			m.Status, m.PausedUntil = bot.StatusPaused, now.AddDate(0, 0, 14)
		}
		add = append(add, m)
	}
	if err := db.Import(ctx, add); err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	return len(add), nil
}
