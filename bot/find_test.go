package bot_test

import (
	"strings"
	"testing"
)

// TestFindListsRelativesAfterTheSkill: find and `intro SKILL` match the
// skill's aliases, narrower and broader forms, related skills and close
// spellings, the exact skill first.
func TestFindListsRelativesAfterTheSkill(t *testing.T) {
	e := newEnv(t)
	offers := map[string]string{"anna": "ux design", "bruno": "graphic design", "carla": "design", "dario": "go", "elena": "kubernetes", "fabio": "react", "gaia": "frontend"}
	for _, u := range []string{"anna", "bruno", "carla", "dario", "elena", "fabio", "gaia"} {
		e.must(u, "join", "Welcome")
		e.must(u, "offer add "+offers[u], "You offer")
	}
	e.must("zoe", "join", "Welcome")
	order := func(got string, names ...string) {
		t.Helper()
		last := -1
		for _, n := range names {
			i := strings.Index(got, "@"+n)
			if i < 0 || i < last {
				t.Errorf("%s missing or out of order (want %v):\n%s", n, names, got)
				return
			}
			last = i
		}
	}
	got := e.must("zoe", "find design", "3 members offer design or a close skill")
	order(got, "Carla", "Anna", "Bruno")
	for _, absent := range []string{"@Dario", "@Elena"} {
		if strings.Contains(got, absent) {
			t.Errorf("find design lists %s:\n%s", absent, got)
		}
	}
	e.must("zoe", "find kubernets", "1 member offers kubernetes:")
	order(e.must("zoe", "find k8s", "offer"), "Elena")
	order(e.must("zoe", "find frontend", "or a close skill"), "Gaia", "Fabio")
	order(e.must("zoe", "find react", "or a close skill"), "Fabio", "Gaia")
	e.must("zoe", "find rust", "Nobody active offers rust yet.")
	// intro SKILL proposes from the same list: the exact skill first.
	e.must("zoe", "intro design", "@Carla")
	e.must("zoe", "intro kubernets", "@Elena")
}

// TestSkillsInReadersLanguage: a skill stored once in English reads in each
// reader's language in profile, find and stats.
func TestSkillsInReadersLanguage(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("anna", "lang it", "italiano")
	e.must("anna", "offer add contabilità, vendite", "Offri: contabilità, vendite.")
	e.must("marco", "join", "Welcome")
	e.must("marco", "seek add accounting, graphic design", "You seek: accounting, graphic design.")
	if got := e.member("anna").Profile.Offers; strings.Join(got, ",") != "accounting,sales" {
		t.Errorf("stored %q, want the English names", got)
	}
	e.must("marco", "profile @anna", "Offers: accounting, sales")
	e.must("anna", "profile @marco", "Cerca: contabilità, grafica")
	e.must("luca", "join", "Welcome")
	e.must("luca", "offer add Sales", "You offer: sales.")
	e.must("marco", "find vendite", "2 members offer sales")
	e.must("anna", "find sales", "1 persona offre vendite")
	e.must("mod", "stats", "Most offered: sales (2), accounting (1)")
}
