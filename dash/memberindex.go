package dash

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// sortKey is an order the members table offers.
type sortKey int

const (
	byName sortKey = iota
	byJoined
	byActivity
	byRounds
	byMetRate
	nSorts
)

var sortNames = [nSorts]string{"name", "joined", "activity", "rounds", "met"}

func parseSort(s string) sortKey {
	for k, n := range sortNames {
		if n == s {
			return sortKey(k)
		}
	}
	return byName
}

// memberEntry is what the index keeps of a member: what the search, the
// filters and the orders read. A page's rows are read again from the
// store, so they show each member as they are now.
type memberEntry struct {
	id          string // bot.MemberID.String()
	name        string // lower case
	hay         string // lower-case name and handles, NUL-separated, for the search
	status      bot.Status
	pausedUntil time.Time
	platforms   []string // shared between entries with the same platforms
	skills      []string // offered and sought, each string shared
	offers      int32    // how many of skills are offered: the first ones
	joined      int64    // unix seconds; 0 unknown
	seen        int64    // unix seconds; 0 unknown
	rounds      int64
	rate        int64 // met rate in millionths; -1 when nothing is answered
}

// key is the entry's value in an order: a number, or for the name a string.
func (e *memberEntry) key(k sortKey) (int64, string) {
	switch k {
	case byJoined:
		return e.joined, ""
	case byActivity:
		return e.seen, ""
	case byRounds:
		return e.rounds, ""
	case byMetRate:
		return e.rate, ""
	}
	return 0, e.name
}

// memberIndex is a community's members in every order the table offers,
// built from one scan of the members. It never changes once built: an
// action makes a changed copy (see withStatus).
type memberIndex struct {
	built     time.Time
	entries   []memberEntry
	orders    [nSorts][]int32 // entry positions, ascending by each key
	platforms []string        // every platform a member is on, sorted
}

// buildIndex reads every member of the community (guests are no
// members) and sorts them by each key.
func buildIndex(ctx context.Context, st bot.Store, comm string, now time.Time, pace time.Duration) (*memberIndex, error) {
	ix := &memberIndex{built: now}
	strs := map[string]string{} // one copy of each skill and platform
	lists := map[string][]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	err := st.View(ctx, func(tx bot.Tx) error {
		ix.entries = ix.entries[:0]
		return tx.Members(comm, func(m *bot.Member) error {
			if m.Status == bot.StatusGuest {
				return nil
			}
			if pace > 0 && len(ix.entries)%1000 == 999 {
				time.Sleep(pace)
			}
			e := memberEntry{id: m.ID.String(), name: strings.ToLower(m.Name), status: m.Status, pausedUntil: m.PausedUntil,
				rounds: int64(m.Part.Rounds), rate: -1}
			hay := []string{e.name}
			var plats []string
			for _, a := range m.AllAccounts() {
				if a.Handle != "" {
					hay = append(hay, strings.ToLower(a.Handle))
				}
				if !slices.Contains(plats, a.ID.Platform) {
					plats = append(plats, a.ID.Platform)
				}
			}
			e.hay = strings.Join(hay, "\x00")
			slices.Sort(plats)
			pk := strings.Join(plats, " ")
			if _, ok := lists[pk]; !ok {
				for i := range plats {
					plats[i] = intern(plats[i])
				}
				lists[pk] = plats
			}
			e.platforms = lists[pk]
			for _, s := range m.Profile.Offers {
				e.skills = append(e.skills, intern(s))
			}
			e.offers = int32(len(e.skills))
			for _, s := range m.Profile.Seeks {
				e.skills = append(e.skills, intern(s))
			}
			if !m.Joined.IsZero() {
				e.joined = m.Joined.Unix()
			}
			if !m.Seen.IsZero() {
				e.seen = m.Seen.Unix()
			}
			if r, ok := m.Part.MetRate(); ok {
				e.rate = int64(r * 1e6)
			}
			ix.entries = append(ix.entries, e)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		for _, p := range l {
			if !slices.Contains(ix.platforms, p) {
				ix.platforms = append(ix.platforms, p)
			}
		}
	}
	slices.Sort(ix.platforms)
	for k := range nSorts {
		ix.orders[k] = ix.sorted(k)
	}
	return ix, nil
}

// sorted returns the entries' positions ascending by key k, ties by id;
// the keys are read into a slice first, which sorts 100k entries several
// times faster than reading them through the entries.
func (ix *memberIndex) sorted(k sortKey) []int32 {
	ord := make([]int32, len(ix.entries))
	for i := range ord {
		ord[i] = int32(i)
	}
	es := ix.entries
	if k == byName {
		slices.SortFunc(ord, func(a, b int32) int {
			return cmp.Or(strings.Compare(es[a].name, es[b].name), strings.Compare(es[a].id, es[b].id))
		})
		return ord
	}
	nums := make([]int64, len(es))
	for i := range es {
		nums[i], _ = es[i].key(k)
	}
	slices.SortFunc(ord, func(a, b int32) int {
		return cmp.Or(cmp.Compare(nums[a], nums[b]), strings.Compare(es[a].id, es[b].id))
	})
	return ord
}

// withStatus is a copy of the index with one member's status changed, so
// that the filters see an action at once; the orders do not depend on it.
func (ix *memberIndex) withStatus(id string, m *bot.Member) *memberIndex {
	i := slices.IndexFunc(ix.entries, func(e memberEntry) bool { return e.id == id })
	if i < 0 {
		return ix
	}
	cp := *ix
	cp.entries = slices.Clone(ix.entries)
	cp.entries[i].status, cp.entries[i].pausedUntil = m.Status, m.PausedUntil
	return &cp
}
