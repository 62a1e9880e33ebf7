package dash_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// An Italian moderator reads skills as chat shows them in Italian, and
// filters by the Italian name too.
func TestSkillsReadInTheModeratorsLanguage(t *testing.T) {
	e := newEnv(t)
	e.put(person{user: "anna", name: "Anna", offers: []string{"accounting"}}, person{user: "bruno", name: "Bruno", seeks: []string{"accounting", "ux design"}})
	e.do("mod", "lang it")
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/members")
	if !strings.Contains(body, "contabilità") || strings.Contains(body, "accounting") {
		t.Error("the Italian members page shows skills in English")
	}
	for _, skill := range []string{"contabilità", "Contabilita", "accounting"} {
		_, body, _ := get(t, c, e.srv.URL+"/dash/members?skill="+url.QueryEscape(skill))
		if got := names(body); !slices.Equal(got, []string{"Anna", "Bruno"}) {
			t.Errorf("skill=%s: %q, want Anna and Bruno", skill, got)
		}
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/members?skill=UX")
	if got := names(body); !slices.Equal(got, []string{"Bruno"}) {
		t.Errorf("skill=UX: %q, want Bruno", got)
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/skills")
	if !strings.Contains(body, "contabilità") || strings.Contains(body, "accounting") {
		t.Error("the Italian skills page shows skills in English")
	}
}
