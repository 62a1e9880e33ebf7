package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// FuzzGroupsOf checks that reading a page of groups from the stored JSON
// never panics on any bytes, and that from a round's own encoding it
// gives the groups decoding the whole round gives.
func FuzzGroupsOf(f *testing.F) {
	f.Add([]byte(`{"id":"x","groups":[{"members":["a:b:c"]},{"members":[]}],"seed":1}`), "u", `a"]}\`, "yes", uint8(0), uint8(2))
	f.Add([]byte(`{"groups":null}`), `[{`, "", "no", uint8(1), uint8(1))
	f.Add([]byte(`{"groups":[1,`), "é,\n", `\"`, `\`, uint8(2), uint8(9))
	f.Fuzz(func(t *testing.T, raw []byte, user, skill, answer string, from, to uint8) {
		_, _ = groupsOf(raw, int(from), int(to))

		r := &bot.Round{ID: "r" + skill, Method: answer}
		for i := range 5 {
			id := bot.MemberID{Platform: "p", Space: "s", User: user + string(rune('a'+i))}
			r.Groups = append(r.Groups, bot.RoundGroup{Members: []bot.MemberID{id}, Answers: map[string]string{id.String(): answer + skill}})
		}
		b, err := json.Marshal(r)
		if err != nil {
			return
		}
		got, err := groupsOf(b, int(from), int(to))
		if err != nil {
			t.Fatalf("groupsOf(%s): %v", b, err)
		}
		var whole bot.Round
		if err := json.Unmarshal(b, &whole); err != nil {
			t.Fatal(err)
		}
		want := whole.Groups[min(int(from), 5):max(min(int(to), 5), min(int(from), 5))]
		if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("groupsOf(%s, %d, %d) = %+v, want %+v", b, from, to, got, want)
		}
	})
}
