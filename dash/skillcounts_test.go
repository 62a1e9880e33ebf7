package dash_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/dash"
)

// TestSkillCountsFromTheIndexAgreeWithAScan: the skills page's counts,
// taken from the members index, are those of a scan of the members
// (`stats`): members of every status, left and removed ones not counted,
// ties in name order, unmet demand.
func TestSkillCountsFromTheIndexAgreeWithAScan(t *testing.T) {
	e := newEnv(t)
	statuses := []bot.Status{bot.StatusActive, bot.StatusPaused, bot.StatusUnreachable, bot.StatusLeft, bot.StatusRemoved, bot.StatusActive}
	skills := []string{"go", "rust", "sql", "ux design", "sales", "legal", "k8s", "finance", "design", "ml", "c", "zig"}
	var ms []*bot.Member
	for i := range 300 {
		m := &bot.Member{ID: bot.MemberID{Platform: "console", Space: "local", User: fmt.Sprintf("u%03d", i)}, Community: comm,
			Name: fmt.Sprintf("U%03d", i), Status: statuses[i%len(statuses)]}
		for k := range i % 4 {
			m.Profile.Offers = append(m.Profile.Offers, skills[(i*7+k)%9])
		}
		for k := range i % 3 {
			m.Profile.Seeks = append(m.Profile.Seeks, skills[(i*5+k)%len(skills)])
		}
		ms = append(ms, m)
	}
	if err := e.db.Import(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{3, 10, 20} {
		wo, ws, wu, err := e.b.SkillCounts(context.Background(), comm, n)
		if err != nil {
			t.Fatal(err)
		}
		o, s, u, err := dash.IndexSkillCounts(e.db, comm, n)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(o, wo) || !reflect.DeepEqual(s, ws) || !reflect.DeepEqual(u, wu) {
			t.Errorf("top %d: index counts\n%v\n%v\n%v\nscan counts\n%v\n%v\n%v", n, o, s, u, wo, ws, wu)
		}
		if len(wu) == 0 {
			t.Errorf("top %d: no unmet demand to compare", n)
		}
	}
}
