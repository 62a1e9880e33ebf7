package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCatalogComplete(t *testing.T) {
	c := NewCatalog()
	for _, key := range c.Keys() {
		var ref []string
		for i, l := range Langs() {
			raw, ok := c.Raw(l, key)
			if !ok {
				t.Errorf("%s: no %s text", key, l)
				continue
			}
			if strings.Count(raw, "*")%2 != 0 || strings.Count(raw, "`")%2 != 0 {
				t.Errorf("%s (%s): unbalanced markup in %q", key, l, raw)
			}
			if strings.Contains(raw, "(s)") {
				t.Errorf("%s (%s): \"(s)\" plural in %q: use {n|one|other}", key, l, raw)
			}
			for _, seg := range parseTemplate(raw) {
				if seg.forms != nil && len(seg.forms) != 2 {
					t.Errorf("%s (%s): plural {%s|...} has %d forms, want 2", key, l, seg.arg, len(seg.forms))
				}
			}
			ph := placeholders(raw)
			slices.Sort(ph)
			if i == 0 {
				ref = ph
			} else if !slices.Equal(ph, ref) {
				t.Errorf("%s: %s placeholders %v, en has %v", key, l, ph, ref)
			}
		}
	}
}

// TestCatalogCoversCode finds every catalog key the code names and checks
// the catalog has it.
func TestCatalogCoversCode(t *testing.T) {
	c := NewCatalog()
	keyRef := regexp.MustCompile(`"((?:err|msg|btn|status)\.[a-z0-9_]+)"`)
	files, _ := filepath.Glob("*.go")
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRef.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := c.Raw(LangEN, m[1]); !ok {
				t.Errorf("%s names %q, which the catalog lacks", f, m[1])
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d key references: is the pattern still right?", found)
	}
	b := &Bot{cat: c}
	for _, cmd := range b.commandTable() {
		if _, ok := c.Raw(LangEN, cmd.HelpKey()); !ok {
			t.Errorf("command %s has no help text %s", cmd.Name, cmd.HelpKey())
		}
		for _, s := range cmd.Subs {
			if _, ok := c.Raw(LangEN, cmd.HelpKey()+"_"+s.Name); !ok {
				t.Errorf("command %s %s has no help text", cmd.Name, s.Name)
			}
		}
		for _, p := range allParams(cmd) {
			if _, ok := c.Raw(LangEN, "param."+p.Label+".what"); !ok {
				t.Errorf("command %s: parameter %s has no param.%s.what", cmd.Name, p.Name, p.Label)
			}
			for _, l := range Langs() {
				if d, ok := c.Raw(l, "param."+p.Label+".desc"); !ok || len([]rune(d)) < 1 || len([]rune(d)) > 100 {
					t.Errorf("command %s: parameter %s needs param.%s.desc of 1 to 100 characters in %s, got %q", cmd.Name, p.Name, p.Label, l, d)
				}
			}
			if _, ok := c.Raw(LangEN, "param."+p.Label); !ok && p.Kind != ParamChoice {
				t.Errorf("command %s: parameter %s has no usage label param.%s", cmd.Name, p.Name, p.Label)
			}
		}
		for _, st := range []Status{StatusActive, StatusPaused, StatusLeft, StatusRemoved, StatusUnreachable} {
			if _, ok := c.Raw(LangEN, "status."+string(st)); !ok {
				t.Errorf("status %s has no text", st)
			}
		}
	}
}

// allParams are the parameters of cmd and of its sub-commands.
func allParams(cmd *Command) []Param {
	ps := cmd.Params
	for _, s := range cmd.Subs {
		ps = append(ps, s.Params...)
	}
	return ps
}

func TestSettingsHaveWords(t *testing.T) {
	c := NewCatalog()
	for _, st := range settingsTable() {
		for _, key := range []string{"setting." + st.key, st.want} {
			if _, ok := c.Raw(LangEN, key); !ok {
				t.Errorf("setting %s: the catalog lacks %q", st.key, key)
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	c := NewCatalog()
	tests := []struct {
		lang Lang
		key  string
		args Args
		want string
	}{
		{LangEN, "msg.find_title", Args{"n": 1, "skill": "go"}, "1 member offers go:"},
		{LangEN, "msg.find_title", Args{"n": 3, "skill": "go"}, "3 members offer go:"},
		{LangIT, "msg.find_title", Args{"n": 1, "skill": "go"}, "1 persona offre go:"},
		{LangIT, "msg.find_title", Args{"n": 3, "skill": "go"}, "3 persone offrono go:"},
		{LangIT, "msg.round_done", Args{"n": 1, "number": 2, "period": "p"}, "Giro 2, quello di p: 1 gruppo; le presentazioni sono in partenza."},
		{LangIT, "reason.overlap", Args{"hours": "1"}, "1 ora di lavoro in comune"},
		{LangEN, "reason.overlap", Args{"hours": "1.5"}, "1.5 hours of working time in common"},
		{LangIT, "reason.overlap_pair", Args{"a": "Anna", "b": "Eve", "hours": 4.5}, "Anna ed Eve hanno 4,5 ore di lavoro in comune"},
		{LangIT, "reason.overlap_you", Args{"b": "Eve", "hours": 1.0}, "hai 1 ora di lavoro in comune con Eve"},
		{LangEN, "reason.overlap_pair", Args{"a": "Anna", "b": "Eve", "hours": 1.0}, "Anna and Eve share 1 hour of working time"},
		{LangEN, "msg.event_announced", Args{"id": "1", "title": "T", "when": "w", "posts": 1}, "Event 1 announced: T, w. Posted to 1 channel."},
		{LangIT, "msg.event_announced", Args{"id": "1", "title": "T", "when": "w", "posts": 1}, "Evento 1 annunciato: T, w. Pubblicato in 1 canale."},
		{LangIT, "msg.events_item", Args{"id": "1", "title": "T", "when": "w", "place": "p", "going": 1}, "1: T — w, p — 1 partecipante"},
		{LangEN, "msg.days", Args{}, "{n} {n|day|days}"}, // a missing count shows
	}
	for _, tt := range tests {
		if got := c.String(tt.lang, tt.key, tt.args); got != tt.want {
			t.Errorf("%s %s %v = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}

func TestDurationsInWords(t *testing.T) {
	c := NewCatalog()
	tests := []struct {
		d      time.Duration
		en, it string
	}{
		{24 * time.Hour, "1 day", "1 giorno"},
		{72 * time.Hour, "3 days", "3 giorni"},
		{7 * 24 * time.Hour, "1 week", "1 settimana"},
		{14 * 24 * time.Hour, "2 weeks", "2 settimane"},
		{10 * 24 * time.Hour, "10 days", "10 giorni"},
		{61 * time.Hour, "3 days", "3 giorni"},
		{time.Hour, "1 hour", "1 ora"},
		{36 * time.Hour, "36 hours", "36 ore"},
		{90 * time.Minute, "90 minutes", "90 minuti"},
		{time.Minute, "1 minute", "1 minuto"},
	}
	for _, tt := range tests {
		if got := c.sayDuration(LangEN, tt.d); got != tt.en {
			t.Errorf("%v in English: %q, want %q", tt.d, got, tt.en)
		}
		if got := c.sayDuration(LangIT, tt.d); got != tt.it {
			t.Errorf("%v in Italian: %q, want %q", tt.d, got, tt.it)
		}
	}
	for in, want := range map[string]time.Duration{"3d": 72 * time.Hour, "3g": 72 * time.Hour, "2 settimane": 14 * 24 * time.Hour, "1 Week": 7 * 24 * time.Hour, "72h": 72 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "0d", "-2w", "2 fortnights", "2settimane x"} {
		if d, err := durationIn(bad, time.Minute, 365*day); err == nil {
			t.Errorf("durationIn(%q) = %v, want refused", bad, d)
		}
	}
}

func TestChoiceWordsInEveryLanguage(t *testing.T) {
	c := NewCatalog()
	for in, want := range map[string]string{"yes": "yes", "sì": "yes", "SI": "yes", "sí": "yes", "no": "no", "NonAncora": "notyet"} {
		if got, ok := c.matchChoice([]string{"yes", "notyet", "no"}, in); !ok || got != want {
			t.Errorf("matchChoice(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := c.matchChoice([]string{"yes", "no"}, "forse"); ok {
		t.Errorf("matchChoice(forse) = %q", got)
	}
	b := &Bot{cat: c}
	for _, cmd := range b.commandTable() {
		if u := c.Usage(LangIT, cmd, nil); strings.Contains(u, "SKILL") || strings.Contains(u, "@member") {
			t.Errorf("Italian usage of %s shows English labels: %s", cmd.Name, u)
		}
	}
}

func TestTemplateArgsAreNotMarkup(t *testing.T) {
	c := NewCatalog()
	spans := c.Spans(LangEN, "msg.company_saved", Args{"company": "*evil* `x` {ref}"})
	for _, s := range spans {
		if s.Style != Plain {
			t.Errorf("span %+v is styled", s)
		}
	}
	if got := SpansText(spans); got != "Company set to *evil* `x` {ref}." {
		t.Errorf("rendered %q", got)
	}
}

// TestREADMECommands checks that the README's command list is the
// table's: the same usage lines, roles and one-line helps, in order.
func TestREADMECommands(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "<!-- commands -->")
	section, _, ok2 := strings.Cut(section, "<!-- /commands -->")
	if !ok || !ok2 {
		t.Fatal("README.md lacks the <!-- commands --> ... <!-- /commands --> section")
	}
	row := regexp.MustCompile("(?m)^\\| `(.+?)` \\| (\\w+) \\| (.*) \\|$")
	var inREADME []string
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		inREADME = append(inREADME, strings.ReplaceAll(m[1]+" · "+m[2]+" · "+m[3], `\|`, "|"))
	}
	c := NewCatalog()
	b := &Bot{cat: c}
	var inTable, want []string
	for _, cmd := range b.commandTable() {
		if cmd.Hidden {
			continue
		}
		role := map[Role]string{RoleMember: "member", RoleModerator: "moderator"}[cmd.Role]
		help := c.raw[cmd.HelpKey()][LangEN]
		inTable = append(inTable, cmd.Usage()+" · "+role+" · "+help)
		esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
		want = append(want, "| `"+esc(cmd.Usage())+"` | "+role+" | "+esc(help)+" |")
	}
	if !slices.Equal(inREADME, inTable) {
		t.Errorf("README command list differs from the table; it should read:\n%s", strings.Join(want, "\n"))
	}
}

func TestNormalizeSkill(t *testing.T) {
	n := newSkillNormalizer()
	tests := []struct{ in, want, errKey string }{
		{"Go", "go", ""},
		{"  GoLang ", "go", ""},
		{"k8s", "kubernetes", ""},
		{"JS", "javascript", ""},
		{"UX", "ux design", ""},
		{"ux  Design", "ux design", ""},
		{"Grafica", "graphic design", ""},
		{"C++", "c++", ""},
		{"C#", "c#", ""},
		{"Node.js", "node.js", ""},
		{"front-end", "frontend", ""},
		{"machine_learning", "machine learning", ""},
		{"\"SEO!\"", "seo", ""},
		{"contabilità", "accounting", ""},
		{"go\x00", "", "err.skill_control"},
		{strings.Repeat("a", 41), "", "err.skill_long"},
		{strings.Repeat("a", 300), "", "err.skill_long"},
		{"!!!", "", "err.skill_empty"},
	}
	for _, tt := range tests {
		got, err := n.Normalize(tt.in)
		if tt.errKey != "" {
			e, ok := err.(*Error)
			if !ok || e.Key != tt.errKey {
				t.Errorf("Normalize(%q) error %v, want %s", tt.in, err, tt.errKey)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	list, err := n.List("Go, golang; K8s,, ux")
	if err != nil || !slices.Equal(list, []string{"go", "kubernetes", "ux design"}) {
		t.Errorf("List = %q, %v", list, err)
	}
}

func TestSchedule(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	tests := []struct {
		line  string
		after time.Time
		want  time.Time
	}{
		{"0 9 * * MON", time.Date(2026, 11, 27, 10, 0, 0, 0, rome), time.Date(2026, 11, 30, 9, 0, 0, 0, rome)},
		{"0 9 * * MON", time.Date(2026, 11, 30, 9, 0, 0, 0, rome), time.Date(2026, 12, 7, 9, 0, 0, 0, rome)},
		{"*/15 * * * *", time.Date(2026, 1, 1, 0, 7, 0, 0, rome), time.Date(2026, 1, 1, 0, 15, 0, 0, rome)},
		{"30 18 1 * *", time.Date(2026, 12, 2, 0, 0, 0, 0, rome), time.Date(2027, 1, 1, 18, 30, 0, 0, rome)},
		{"0 9 * * 1-5", time.Date(2026, 11, 27, 10, 0, 0, 0, rome), time.Date(2026, 11, 30, 9, 0, 0, 0, rome)},
		{"0 0 * * 7", time.Date(2026, 11, 27, 10, 0, 0, 0, rome), time.Date(2026, 11, 29, 0, 0, 0, 0, rome)},
		// 02:30 does not exist on 2027-03-28 in Rome: the next day's.
		{"30 2 * * *", time.Date(2027, 3, 27, 12, 0, 0, 0, rome), time.Date(2027, 3, 29, 2, 30, 0, 0, rome)},
		{"0 0 29 2 *", time.Date(2026, 1, 1, 0, 0, 0, 0, rome), time.Date(2028, 2, 29, 0, 0, 0, 0, rome)},
	}
	for _, tt := range tests {
		s, err := ParseSchedule(tt.line)
		if err != nil {
			t.Fatalf("ParseSchedule(%q): %v", tt.line, err)
		}
		if got := s.Next(tt.after, rome); !got.Equal(tt.want) {
			t.Errorf("%q after %v: %v, want %v", tt.line, tt.after, got, tt.want)
		}
	}
	for _, bad := range []string{"", "0 9 * *", "60 9 * * *", "0 24 * * *", "0 9 * * FUN", "0 9 5-1 * *", "*/0 * * * *"} {
		if _, err := ParseSchedule(bad); err == nil {
			t.Errorf("ParseSchedule(%q) accepted", bad)
		}
	}
}

func TestSettings(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	tests := []struct {
		key, value, want string
		ok               bool
	}{
		{"pairing.group_size", "3", "3", true},
		{"pairing.group_size", "5", "", false},
		{"pairing.followup_after", "3d", "3d", true},
		{"pairing.followup_after", "90m", "1h30m", true},
		{"pairing.followup_after", "1m", "", false},
		{"pairing.skip", "2026-12-28, 2027-01-04", "2026-12-28,2027-01-04", true},
		{"pairing.skip", "28/12", "", false},
		{"pairing.avoid_same_company", "on", "on", true},
		{"language", "IT", "it", true},
		{"language", "fr", "", false},
		{"timezone", "America/New_York", "America/New_York", true},
		{"timezone", "Local", "", false},
		{"name", "  Labbit  Network ", "Labbit Network", true},
		{"nope", "1", "", false},
	}
	for _, tt := range tests {
		s := DefaultSettings()
		err := s.Set(tt.key, tt.value)
		if (err == nil) != tt.ok {
			t.Errorf("Set(%s, %q) error %v, want ok=%v", tt.key, tt.value, err, tt.ok)
			continue
		}
		if got, _ := s.Get(tt.key); tt.ok && got != tt.want {
			t.Errorf("after Set(%s, %q): %q, want %q", tt.key, tt.value, got, tt.want)
		}
	}
}

func TestWorkOverlap(t *testing.T) {
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	load := func(n string) *time.Location { l, _ := time.LoadLocation(n); return l }
	tests := []struct {
		a, b string
		want float64
	}{
		{"Europe/Rome", "Europe/Rome", 9},
		{"Europe/Rome", "Europe/London", 8},
		{"Europe/Rome", "America/New_York", 3},
		{"Europe/Rome", "America/Los_Angeles", 0},
		{"Asia/Tokyo", "Europe/Rome", 1},
	}
	for _, tt := range tests {
		if got := workOverlap(load(tt.a), load(tt.b), at); got != tt.want {
			t.Errorf("overlap %s/%s = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestItalianEuphonicD(t *testing.T) {
	c := NewCatalog()
	tests := []struct {
		key  string
		args Args
		want string
	}{
		{"reason.overlap_pair", Args{"a": "Anna", "b": "Elena", "hours": 2}, "Anna ed Elena hanno"},
		{"reason.overlap_pair", Args{"a": "Anna", "b": "Marco", "hours": 2}, "Anna e Marco hanno"},
		{"reason.mutual_you", Args{"b": "Elena"}, "Elena e tu potete"},
		{"msg.intros_out_item", Args{"id": "3", "member": "Anna Conti", "prefix": ""}, "3: ad Anna Conti"},
	}
	for _, tt := range tests {
		if got := c.String(LangIT, tt.key, tt.args); !strings.Contains(got, tt.want) {
			t.Errorf("%s %v = %q, want it to hold %q", tt.key, tt.args, got, tt.want)
		}
	}
}
