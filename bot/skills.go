package bot

import (
	"strings"
	"unicode"
)

// skillAliases maps common spellings to one canonical skill name. Keys and
// values are already in normalised form (lower case, single spaces).
func skillAliases() map[string]string {
	return map[string]string{
		"golang": "go", "go lang": "go",
		"js": "javascript", "ecmascript": "javascript",
		"ts": "typescript",
		"py": "python", "python3": "python",
		"k8s": "kubernetes", "kube": "kubernetes",
		"postgres": "postgresql", "psql": "postgresql",
		"reactjs": "react", "react.js": "react",
		"nodejs": "node.js", "node": "node.js",
		"vuejs": "vue", "vue.js": "vue",
		"ux": "ux design", "user experience": "ux design", "ux/ui": "ux design",
		"ui": "ui design", "user interface": "ui design",
		"ml": "machine learning", "apprendimento automatico": "machine learning",
		"ai": "artificial intelligence", "ia": "artificial intelligence", "intelligenza artificiale": "artificial intelligence",
		"front end": "frontend", "front-end": "frontend",
		"back end": "backend", "back-end": "backend",
		"devops engineering": "devops",
		"seo optimization":   "seo",
		// Italian forms.
		"grafica": "graphic design", "design grafico": "graphic design", "progettazione grafica": "graphic design",
		"sviluppo web": "web development", "web dev": "web development",
		"sviluppo software":  "software development",
		"marketing digitale": "digital marketing",
		"vendite":            "sales", "vendita": "sales", "commerciale": "sales",
		"contabilità": "accounting", "contabilita": "accounting",
		"finanza": "finance", "fiscale": "tax", "fisco": "tax", "tasse": "tax",
		"legale": "legal", "diritto": "law", "consulenza legale": "legal",
		"diritto del lavoro": "employment law", "privacy": "data protection", "gdpr": "data protection",
		"fotografia": "photography", "traduzione": "translation", "traduzioni": "translation",
		"gestione progetti": "project management", "project manager": "project management", "pm": "project management",
		"comunicazione": "communication", "social media": "social media marketing",
		"risorse umane": "hr", "human resources": "hr",
	}
}

// skillNormalizer normalises skill names; build one with newSkillNormalizer.
type skillNormalizer struct {
	aliases map[string]string
}

func newSkillNormalizer() *skillNormalizer {
	return &skillNormalizer{aliases: skillAliases()}
}

// Normalize returns the canonical form of a skill: lower case, spaces
// folded, punctuation dropped (except the + # . / inside names such as c++,
// c#, node.js), aliases resolved. It returns an *Error for empty,
// overlong or control-character input.
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
	s := strings.Trim(b.String(), "./")
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
