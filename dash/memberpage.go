package dash

import (
	"cmp"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot"
)

// cursor is a position in an order: the key of the last row seen. The
// member id breaks ties, so every member has one place. Pages follow each
// other by cursor, not by number: the page after one is a binary search
// away, so page 1,500 costs what page 1 does, and a member who joins or
// goes between two pages makes no row repeat or vanish.
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
