package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestSkillRelatives(t *testing.T) {
	n := newSkillNormalizer()
	known := []string{"design", "graphic design", "ux design", "ui design", "react", "frontend", "go", "kubernetes", "javascript", "java", "web design", "accounting"}
	tests := []struct {
		query string
		want  []skillMatch
	}{
		{"design", []skillMatch{{"design", MatchExact}, {"graphic design", MatchNarrower}, {"ui design", MatchNarrower}, {"ux design", MatchNarrower}, {"web design", MatchNarrower}}},
		{"ux design", []skillMatch{{"ux design", MatchExact}, {"design", MatchBroader}, {"ui design", MatchRelated}}},
		{"kubernets", []skillMatch{{"kubernetes", MatchSpelling}}},
		{"desing", []skillMatch{{"design", MatchSpelling}, {"graphic design", MatchNarrower}, {"ui design", MatchNarrower}, {"ux design", MatchNarrower}, {"web design", MatchNarrower}}},
		{"frontend", []skillMatch{{"frontend", MatchExact}, {"javascript", MatchRelated}, {"react", MatchRelated}}},
		{"react", []skillMatch{{"react", MatchExact}, {"frontend", MatchRelated}}},
		{"java", []skillMatch{{"java", MatchExact}}}, // not javascript: short words match exactly
		{"go", []skillMatch{{"go", MatchExact}}},
		{"rust", nil},
	}
	for _, tt := range tests {
		if got := n.relatives(tt.query, known); !slices.Equal(got, tt.want) {
			t.Errorf("relatives(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestTypoDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"kubernetes", "kubernets", 1},
		{"design", "desing", 1}, // a swap is one typo
		{"design", "design", 0},
		{"contabilità", "contabilita", 1},
		{"", "go", 2},
		{"react", "vue", 5},
	}
	for _, tt := range tests {
		if got := typoDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("typoDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSkillNamesInReadersLanguage(t *testing.T) {
	n := newSkillNormalizer()
	for _, tt := range []struct{ in, en, it string }{
		{"contabilità", "accounting", "contabilità"},
		{"accounting", "accounting", "contabilità"},
		{"Vendite", "sales", "vendite"},
		{"grafica", "graphic design", "grafica"},
		{"go", "go", "go"},
	} {
		s, err := n.Normalize(tt.in)
		if err != nil || s != tt.en {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, s, err, tt.en)
			continue
		}
		if got := n.Name(LangEN, s); got != tt.en {
			t.Errorf("Name(en, %q) = %q, want %q", s, got, tt.en)
		}
		if got := n.Name(LangIT, s); got != tt.it {
			t.Errorf("Name(it, %q) = %q, want %q", s, got, tt.it)
		}
	}
}

// TestSkillTableIsNormalised checks that every name in the bilingual table
// normalises to its canonical skill, which normalises to itself.
func TestSkillTableIsNormalised(t *testing.T) {
	n := newSkillNormalizer()
	for _, term := range skillTerms() {
		for _, s := range append([]string{term.en, term.it}, term.aliases...) {
			if s == "" {
				continue
			}
			if got, err := n.Normalize(s); err != nil || got != term.en {
				t.Errorf("Normalize(%q) = %q, %v; want %q", s, got, err, term.en)
			}
		}
	}
	for _, r := range skillRelations() {
		for _, s := range r {
			if got, err := n.Normalize(s); err != nil || got != s {
				t.Errorf("relation skill %q normalises to %q, %v", s, got, err)
			}
		}
	}
}

// FuzzNormalize checks Normalize's promises on any input: a result is
// never blank, has no space or separator at either end, fits the limit,
// and normalising it again gives it back. `go test` runs the seeds; run
// `go test -fuzz FuzzNormalize ./bot/` to search further.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Go", "  GoLang ", "k8s", "UX", "ux  Design", "C++", "C#", ".NET", "Node.js", "front-end",
		"machine_learning", "\"SEO!\"", "contabilità", "!!!", ". a", "a ./", "/ci/cd/", "+#go", "...go", "İstanbul", "ǅemal",
		"e\u0301", "a - b", "x.", "#", "c++ ", strings.Repeat("a", 41), strings.Repeat("é ", 30)} {
		f.Add(s)
	}
	n := newSkillNormalizer()
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := n.Normalize(raw)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Normalize(%q) error %v is not an *Error", raw, err)
			}
			return
		}
		if strings.TrimSpace(s) == "" || len([]rune(s)) > MaxSkillLen {
			t.Fatalf("Normalize(%q) = %q: blank or too long", raw, s)
		}
		if trimSkillEnds(s) != s || strings.Contains(s, "  ") {
			t.Fatalf("Normalize(%q) = %q: untrimmed", raw, s)
		}
		if strings.ToLower(s) != s || strings.ContainsFunc(s, unicode.IsControl) {
			t.Fatalf("Normalize(%q) = %q: not lower case, or holds control characters", raw, s)
		}
		again, err := n.Normalize(s)
		if err != nil || again != s {
			t.Fatalf("Normalize is not idempotent: %q → %q → %q, %v", raw, s, again, err)
		}
	})
}
