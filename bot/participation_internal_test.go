package bot

import (
	"testing"
	"time"
)

// TestLinkAddsUpParticipation: two accounts that become one person keep
// the rounds and answers of both.
func TestLinkAddsUpParticipation(t *testing.T) {
	a := &Member{ID: MemberID{"test", "S1", "anna"}, Status: StatusActive, Part: Participation{Rounds: 3, Answered: 2, Met: 1, Last: "20261101T0900Z", Group: 7}}
	b := &Member{ID: MemberID{"chat", "C1", "ada"}, Status: StatusActive, Part: Participation{Rounds: 1, Answered: 1, Met: 1, Last: "20261108T0900Z", Group: 900}}
	mergeMember(a, b, time.Now())
	// The newest round's group is the one that goes with it.
	if want := (Participation{Rounds: 4, Answered: 3, Met: 2, Last: "20261108T0900Z", Group: 900}); a.Part != want {
		t.Errorf("merged %+v, want %+v", a.Part, want)
	}
}

// TestAnswerChangesCountOnce: changing a follow-up answer moves the yes
// count, never the answered one.
func TestAnswerChangesCountOnce(t *testing.T) {
	var p Participation
	for _, step := range []struct{ prev, answer string }{{"", "notyet"}, {"notyet", "yes"}, {"yes", "yes"}, {"yes", "no"}, {"no", "yes"}} {
		p.answer(step.prev, step.answer)
	}
	if p.Answered != 1 || p.Met != 1 {
		t.Errorf("after five answers to one question: %+v", p)
	}
}
