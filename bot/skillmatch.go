package bot

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// MatchKind says how close a skill is to the one looked for; lower is
// closer.
type MatchKind int

// Match kinds, closest first.
const (
	MatchExact    MatchKind = iota // the skill itself (aliases resolved)
	MatchSpelling                  // a close spelling: kubernets → kubernetes
	MatchNarrower                  // holds every word looked for: design → ux design
	MatchBroader                   // its words are all among those looked for: ux design → design
	MatchRelated                   // related in skillRelations: frontend ↔ react
)

// skillMatch is a known skill close to the one looked for.
type skillMatch struct {
	Skill string
	Kind  MatchKind
}

// relatives returns the skills of known (normalised, distinct) that match
// skill, closest first, then by name. Words compare with close spellings
// allowed, word by word ("ux design" is no typo of "ui design"), so
// "desing" finds "ux design" too.
func (n *skillNormalizer) relatives(skill string, known []string) []skillMatch {
	words := strings.Fields(skill)
	related := n.relations[skill]
	var out []skillMatch
	for _, k := range known {
		kind, ok := MatchKind(0), true
		switch kw := strings.Fields(k); {
		case k == skill:
			kind = MatchExact
		case len(kw) == len(words) && slices.EqualFunc(kw, words, sameWord):
			kind = MatchSpelling
		case len(kw) > len(words) && wordsWithin(words, kw):
			kind = MatchNarrower
		case len(kw) < len(words) && wordsWithin(kw, words):
			kind = MatchBroader
		case slices.Contains(related, k):
			kind = MatchRelated
		default:
			ok = false
		}
		if ok {
			out = append(out, skillMatch{Skill: k, Kind: kind})
		}
	}
	slices.SortFunc(out, func(a, b skillMatch) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), strings.Compare(a.Skill, b.Skill))
	})
	return out
}

// wordsWithin reports whether every word of sub matches a word of set.
func wordsWithin(sub, set []string) bool {
	for _, w := range sub {
		if !slices.ContainsFunc(set, func(v string) bool { return sameWord(v, w) }) {
			return false
		}
	}
	return true
}

// sameWord reports whether two words are equal or close spellings.
func sameWord(a, b string) bool { return a == b || closeSpelling(a, b) }

// closeSpelling reports whether words a and b differ by a typo or two: one edit
// (a transposition counts as one) for words of 5 to 8 letters, two from 9.
// Shorter words must match exactly: "go" and "js" are not typos of each
// other.
func closeSpelling(a, b string) bool {
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	n := min(la, lb)
	allowed := 0
	switch {
	case n >= 9:
		allowed = 2
	case n >= 5:
		allowed = 1
	}
	if allowed == 0 || a == b || max(la-lb, lb-la) > allowed {
		return false
	}
	return typoDistance(a, b) <= allowed
}

// typoDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent letters.
func typoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: two back (for swaps), previous, current.
	back := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], back[j-2]+1)
			}
		}
		back, prev, cur = prev, cur, back
	}
	return prev[len(rb)]
}

// offerMatch is a member who offers a skill close to the one looked for.
type offerMatch struct {
	ID    MemberID
	Skill string // the skill they offer
	Kind  MatchKind
}

// membersOffering lists who in community offers skill or one of its
// relatives, each member once with their closest skill, closest first,
// then in id order. find and `intro SKILL` share it. It reads index keys
// only: the distinct skills, then the members of those that match.
func (b *Bot) membersOffering(tx Tx, community, skill string) ([]offerMatch, error) {
	var known []string
	if err := tx.Skills(community, Offers, func(s string) error {
		known = append(known, s)
		return nil
	}); err != nil {
		return nil, err
	}
	matches := b.skills.relatives(skill, known)
	var out []offerMatch
	var seen map[MemberID]bool // only needed when several skills match
	if len(matches) > 1 {
		seen = map[MemberID]bool{}
	}
	for _, sm := range matches {
		err := tx.MembersWithSkill(community, Offers, sm.Skill, func(id MemberID) error {
			if seen != nil {
				if seen[id] {
					return nil
				}
				seen[id] = true
			}
			out = append(out, offerMatch{ID: id, Skill: sm.Skill, Kind: sm.Kind})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eachOffering calls fn for every member membersOffering lists, in its
// order, until fn returns an error (which it returns).
func (b *Bot) eachOffering(tx Tx, community, skill string, fn func(MemberID, offerMatch) error) error {
	found, err := b.membersOffering(tx, community, skill)
	if err != nil {
		return err
	}
	for _, o := range found {
		if err := fn(o.ID, o); err != nil {
			return err
		}
	}
	return nil
}

// canHelp counts the skills m seeks that the caller offers.
func (c *call) canHelp(m *Member) int {
	n := 0
	if c.me != nil {
		for _, s := range m.Profile.Seeks {
			if slices.Contains(c.me.Profile.Offers, s) {
				n++
			}
		}
	}
	return n
}
