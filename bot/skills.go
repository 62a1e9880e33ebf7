package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// skillTerm is one skill the catalog knows: its canonical name (English,
// the form stored), its Italian name where it differs, and other spellings
// in either language. Every name is already in normalised form (lower
// case, single spaces).
type skillTerm struct {
	en, it  string
	aliases []string
}

// skillTerms is the bilingual table of skills. A skill it does not list is
// stored and shown as the member wrote it (normalised).
func skillTerms() []skillTerm {
	return []skillTerm{
		{en: "go", aliases: []string{"golang", "go lang"}},
		{en: "javascript", aliases: []string{"js", "ecmascript"}},
		{en: "typescript", aliases: []string{"ts"}},
		{en: "python", aliases: []string{"py", "python3"}},
		{en: "kubernetes", aliases: []string{"k8s", "kube"}},
		{en: "postgresql", aliases: []string{"postgres", "psql"}},
		{en: "react", aliases: []string{"reactjs", "react.js"}},
		{en: "node.js", aliases: []string{"nodejs", "node"}},
		{en: "vue", aliases: []string{"vuejs", "vue.js"}},
		{en: ".net", aliases: []string{"dotnet"}},
		{en: "ux design", aliases: []string{"ux", "user experience", "ux/ui"}},
		{en: "ui design", aliases: []string{"ui", "user interface"}},
		{en: "machine learning", it: "apprendimento automatico", aliases: []string{"ml"}},
		{en: "artificial intelligence", it: "intelligenza artificiale", aliases: []string{"ai", "ia"}},
		{en: "frontend", aliases: []string{"front end"}},
		{en: "backend", aliases: []string{"back end"}},
		{en: "devops", aliases: []string{"devops engineering"}},
		{en: "seo", aliases: []string{"seo optimization"}},
		{en: "graphic design", it: "grafica", aliases: []string{"design grafico", "progettazione grafica"}},
		{en: "web development", it: "sviluppo web", aliases: []string{"web dev"}},
		{en: "software development", it: "sviluppo software"},
		{en: "digital marketing", it: "marketing digitale"},
		{en: "sales", it: "vendite", aliases: []string{"vendita", "commerciale"}},
		{en: "accounting", it: "contabilità", aliases: []string{"contabilita"}},
		{en: "finance", it: "finanza"},
		{en: "tax", it: "fisco", aliases: []string{"fiscale", "tasse"}},
		{en: "legal", it: "consulenza legale", aliases: []string{"legale"}},
		{en: "law", it: "diritto"},
		{en: "employment law", it: "diritto del lavoro"},
		{en: "data protection", it: "protezione dei dati", aliases: []string{"privacy", "gdpr"}},
		{en: "photography", it: "fotografia"},
		{en: "translation", it: "traduzione", aliases: []string{"traduzioni"}},
		{en: "project management", it: "gestione progetti", aliases: []string{"project manager", "pm"}},
		{en: "communication", it: "comunicazione"},
		{en: "social media marketing", aliases: []string{"social media"}},
		{en: "hr", it: "risorse umane", aliases: []string{"human resources"}},
		{en: "fundraising", it: "raccolta fondi"},
	}
}

// skillRelations pairs skills that find treats as relatives although
// neither name holds the other's words (for that, see relatives). Each
// pair works both ways; keep it short and obvious.
func skillRelations() [][2]string {
	return [][2]string{
		{"frontend", "react"}, {"frontend", "vue"}, {"frontend", "angular"},
		{"frontend", "javascript"}, {"frontend", "typescript"}, {"frontend", "css"},
		{"backend", "go"}, {"backend", "node.js"}, {"backend", "python"}, {"backend", "java"},
		{"backend", "postgresql"},
		{"web development", "frontend"}, {"web development", "backend"},
		{"devops", "kubernetes"}, {"devops", "docker"}, {"devops", "terraform"},
		{"ux design", "ui design"},
		{"artificial intelligence", "machine learning"},
		{"marketing", "seo"},
		{"finance", "accounting"}, {"finance", "tax"},
		{"legal", "law"}, {"legal", "data protection"},
	}
}

// skillNormalizer normalises, translates and relates skill names; build
// one with newSkillNormalizer.
type skillNormalizer struct {
	aliases   map[string]string   // any spelling → canonical name
	italian   map[string]string   // canonical name → Italian name
	relations map[string][]string // canonical name → its related skills
}

func newSkillNormalizer() *skillNormalizer {
	n := &skillNormalizer{aliases: map[string]string{}, italian: map[string]string{}, relations: map[string][]string{}}
	for _, t := range skillTerms() {
		for _, a := range t.aliases {
			n.aliases[a] = t.en
		}
		if t.it != "" {
			n.aliases[t.it] = t.en
			n.italian[t.en] = t.it
		}
	}
	for _, r := range skillRelations() {
		n.relations[r[0]] = append(n.relations[r[0]], r[1])
		n.relations[r[1]] = append(n.relations[r[1]], r[0])
	}
	return n
}

// Normalize returns the canonical form of a skill: lower case, spaces
// folded, punctuation dropped (except the + # . / inside names such as c++,
// c#, node.js), separators trimmed from both ends, aliases resolved. It
// never returns a blank skill, and normalising its result gives it back.
// It returns an *Error for empty, overlong or control-character input.
func (n *skillNormalizer) Normalize(raw string) (string, error) {
	for _, r := range raw {
		if unicode.IsControl(r) {
			return "", usageErr("err.skill_control", nil)
		}
	}
	if len([]rune(raw)) > 4*MaxSkillLen {
		return "", usageErr("err.skill_long", Args{"max": MaxSkillLen})
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(raw)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("+#./", r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || strings.ContainsRune("-_", r):
			space = true
		default:
			// Other punctuation (quotes, brackets, @, *, ...) is dropped.
			space = space || strings.ContainsRune("&,;:!?()[]{}\"'", r)
		}
	}
	s := trimSkillEnds(b.String())
	if a, ok := n.aliases[s]; ok {
		s = a
	} else if a, ok := n.aliases[strings.ReplaceAll(s, " ", "")]; ok {
		s = a
	}
	if s == "" {
		return "", usageErr("err.skill_empty", nil)
	}
	if len([]rune(s)) > MaxSkillLen {
		return "", usageErr("err.skill_long", Args{"max": MaxSkillLen})
	}
	return s, nil
}

// trimSkillEnds drops what cannot start or end a skill name: spaces, a
// trailing . or /, a leading / + or #, and a leading . not followed by a
// letter or digit (".net" keeps its dot, "...go" does not).
func trimSkillEnds(s string) string {
	for {
		t := strings.TrimRight(s, "./ ")
		t = strings.TrimLeft(t, "/+# ")
		if rest, ok := strings.CutPrefix(t, "."); ok {
			if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t = rest
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// List parses "Go, UX; k8s" into normalised, de-duplicated skills.
func (n *skillNormalizer) List(raw string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		s, err := n.Normalize(part)
		if err != nil {
			return nil, err
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, usageErr("err.skill_none", nil)
	}
	return out, nil
}

// Name is how a stored (canonical) skill reads in lang.
func (n *skillNormalizer) Name(lang Lang, skill string) string {
	if lang == LangIT {
		if it, ok := n.italian[skill]; ok {
			return it
		}
	}
	return skill
}

// Names shows stored skills in lang, separated by commas.
func (n *skillNormalizer) Names(lang Lang, skills []string) string {
	out := make([]string, len(skills))
	for i, s := range skills {
		out[i] = n.Name(lang, s)
	}
	return strings.Join(out, ", ")
}
