package dash

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rete-bot/rete/bot"
)

// indexTTL is how long the members page reuses a community's index
// before building it again; an older one still answers while the new one
// is built, so no request waits for the scan of every member but the
// first.
const indexTTL = 30 * time.Second

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

// cursor is a position in an order: the key of the last row seen. The
// member id breaks ties, so every member has one place.
type cursor struct {
	num int64
	str string
	id  string
}

func (c cursor) compare(e *memberEntry, k sortKey) int {
	num, str := e.key(k)
	return cmp.Or(cmp.Compare(c.num, num), strings.Compare(c.str, str), strings.Compare(c.id, e.id))
}

func cursorOf(e *memberEntry, k sortKey) cursor {
	num, str := e.key(k)
	return cursor{num: num, str: str, id: e.id}
}

// String is the cursor's form in a URL.
func (c cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.num, 10) + "\x00" + c.id + "\x00" + c.str))
}

func parseCursor(s string) (cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	p := strings.SplitN(string(b), "\x00", 3)
	if len(p) != 3 {
		return cursor{}, false
	}
	num, err := strconv.ParseInt(p[0], 10, 64)
	return cursor{num: num, id: p[1], str: p[2]}, err == nil
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
func buildIndex(ctx context.Context, st bot.Store, comm string, now time.Time) (*memberIndex, error) {
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

// memberQuery is what the members table asks: the search, the filters
// and the order. Every field may be empty.
type memberQuery struct {
	search   string // lower case; a substring of the name or a handle
	status   bot.Status
	platform string
	skill    string // normalised: lower case
	sort     sortKey
	desc     bool
}

func (q *memberQuery) match(e *memberEntry, now time.Time) bool {
	if q.status != "" {
		st := e.status
		if st == bot.StatusPaused && !e.pausedUntil.IsZero() && !now.Before(e.pausedUntil) {
			st = bot.StatusActive // a pause that has ended, as Member.EffectiveStatus says
		}
		if st != q.status {
			return false
		}
	}
	if q.platform != "" && !slices.Contains(e.platforms, q.platform) {
		return false
	}
	if q.skill != "" && !slices.Contains(e.skills, q.skill) {
		return false
	}
	return q.search == "" || strings.Contains(e.hay, q.search)
}

// at is the entry shown at position i of the query's order.
func (ix *memberIndex) at(q *memberQuery, i int) *memberEntry {
	ord := ix.orders[q.sort]
	if q.desc {
		i = len(ord) - 1 - i
	}
	return &ix.entries[ord[i]]
}

// after is the position, in the query's order, of the first entry past c.
func (ix *memberIndex) after(q *memberQuery, c cursor) int {
	ord := ix.orders[q.sort]
	// i: the first entry, ascending, whose key is past c.
	i, _ := slices.BinarySearchFunc(ord, c, func(pos int32, c cursor) int {
		if c.compare(&ix.entries[pos], q.sort) >= 0 {
			return -1
		}
		return 1
	})
	if !q.desc {
		return i
	}
	// Descending, the first entry past c is the last one ascending
	// before it.
	j, _ := slices.BinarySearchFunc(ord, c, func(pos int32, c cursor) int {
		return -c.compare(&ix.entries[pos], q.sort)
	})
	return len(ord) - j
}

// memberPage is one page of the members a query matches, in its order.
type memberPage struct {
	IDs         []string
	First, Last cursor // of the page's first and last rows
	More        bool   // matches follow the page
	Less        bool   // matches come before the page
	Total       int    // matches in all
}

// page finds up to n matches after the cursor (or from the start), or
// before it when back is set; only the matches on the way are looked at,
// and a count of all of them.
func (ix *memberIndex) page(q *memberQuery, c *cursor, back bool, n int, now time.Time) memberPage {
	p := memberPage{Total: len(ix.entries)}
	if *q != (memberQuery{sort: q.sort, desc: q.desc}) {
		p.Total = 0
		for i := range ix.entries {
			if q.match(&ix.entries[i], now) {
				p.Total++
			}
		}
	}
	size := len(ix.entries)
	start := 0
	if c != nil {
		start = ix.after(q, *c)
	}
	var got []*memberEntry
	if back {
		// The cursor is the first row of the page after: step back over it.
		if start > 0 && c.compare(ix.at(q, start-1), q.sort) == 0 {
			start--
		}
		for i := start - 1; i >= 0 && len(got) <= n; i-- {
			if e := ix.at(q, i); q.match(e, now) {
				got = append(got, e)
			}
		}
		if len(got) <= n { // back at the start: show the first page whole
			return ix.page(q, nil, false, n, now)
		}
		p.Less, p.More = true, true
		got = got[:n]
		slices.Reverse(got)
	} else {
		for i := start; i < size && len(got) <= n; i++ {
			if e := ix.at(q, i); q.match(e, now) {
				got = append(got, e)
			}
		}
		p.Less = c != nil
		if len(got) > n {
			p.More, got = true, got[:n]
		}
	}
	for _, e := range got {
		p.IDs = append(p.IDs, e.id)
	}
	if len(got) > 0 {
		p.First, p.Last = cursorOf(got[0], q.sort), cursorOf(got[len(got)-1], q.sort)
	}
	return p
}

// indexCache keeps each community's members index.
type indexCache struct {
	mu     sync.Mutex
	by     map[string]*indexSlot
	builds sync.WaitGroup
	closed bool // no more builds: the store is closing
}

type indexSlot struct {
	ix       *memberIndex
	building bool
	done     chan struct{} // closed when the build under way ends
	err      error         // of the last build
}

// warm starts building the community's index if it has none, without
// waiting: signing in calls it, so that the members page, a click away,
// finds the index built.
func (c *indexCache) warm(st bot.Store, comm string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sl := c.slot(comm); sl.ix == nil {
		c.start(st, comm, now, sl)
	}
}

// start builds the slot's index in the background unless a build is
// under way or the cache is closed; c.mu is held.
func (c *indexCache) start(st bot.Store, comm string, now time.Time, sl *indexSlot) {
	if sl.building || c.closed {
		return
	}
	sl.building, sl.done = true, make(chan struct{})
	c.builds.Add(1)
	go c.build(st, comm, now, sl)
}

// close waits for the builds under way and starts no more.
func (c *indexCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.builds.Wait()
}

// slot is the community's slot, made when missing; c.mu is held.
func (c *indexCache) slot(comm string) *indexSlot {
	if c.by == nil {
		c.by = map[string]*indexSlot{}
	}
	if c.by[comm] == nil {
		c.by[comm] = &indexSlot{}
	}
	return c.by[comm]
}

// get returns the community's index. The first call builds it and waits;
// later calls return the one built last and, when it is older than
// indexTTL, start building a new one in the background.
func (c *indexCache) get(ctx context.Context, st bot.Store, comm string, now time.Time) (*memberIndex, error) {
	c.mu.Lock()
	sl := c.slot(comm)
	if sl.ix != nil && (now.Sub(sl.ix.built) < indexTTL || sl.building) {
		defer c.mu.Unlock()
		return sl.ix, nil
	}
	c.start(st, comm, now, sl)
	ix, done, building := sl.ix, sl.done, sl.building
	c.mu.Unlock()
	if ix != nil {
		return ix, nil
	}
	if !building {
		return nil, errors.New("dashboard: closed")
	}
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return sl.ix, sl.err
}

// build builds an index on its own context: requests that stop waiting
// must not stop it.
func (c *indexCache) build(st bot.Store, comm string, now time.Time, sl *indexSlot) {
	defer c.builds.Done()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ix, err := buildIndex(ctx, st, comm, now)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		sl.ix = ix
	}
	sl.err, sl.building = err, false
	close(sl.done)
}

// changed tells the index of a community that a member's status changed.
func (c *indexCache) changed(comm string, m *bot.Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sl := c.by[comm]; sl != nil && sl.ix != nil {
		sl.ix = sl.ix.withStatus(m.ID.String(), m)
	}
}
