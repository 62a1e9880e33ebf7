package bot

// The weekly digest makes the network visible: after each round (or at
// each firing of digest.schedule) rete posts to the announce channel of
// every space who joined that week and what they offer, the skills
// members seek that nobody offers, the upcoming events and how many
// groups of the last round met. A section with nothing to say is left
// out, and a digest with nothing at all is not posted. Members who chose
// `visibility hidden` are counted, never named; names and skills are
// plain text, never mentions, so the digest pings nobody.

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rete-bot/rete/bot/match"
)

// tplDigest is the outbox template of a digest post; its Args["at"] is
// when it was decided, Args["since"] where its "joined" list starts (RFC
// 3339).
const tplDigest = "digest"

// The "joined" list covers the time since the previous digest, so that
// a digest every second week, or the first after an outage, names
// everyone who joined since the last; never less than digestWeek (the
// first digest after a start, a daily schedule: "this week" still means
// a week) nor more than digestMaxWindow (an outage of months is no news).
const (
	digestWeek      = 7 * 24 * time.Hour
	digestMaxWindow = 31 * 24 * time.Hour
)

// digestSince is where the "joined" list of the digest at at starts,
// after the previous digest at last (zero: none).
func digestSince(last, at time.Time) time.Time {
	since := at.Add(-digestWeek)
	if !last.IsZero() && last.Before(since) {
		since = last
	}
	return later(since, at.Add(-digestMaxWindow))
}

// digestOffers is how many skills a newcomer's line shows.
const digestOffers = 3

// digestCaps are the longest lists a digest shows before "and N more".
type digestCaps struct{ joined, gaps, events int }

var defaultDigestCaps = digestCaps{joined: 10, gaps: 5, events: 5}

// digest is what a digest says, before rendering.
type digest struct {
	joined   []*Member // who joined since the previous digest, oldest first, hidden ones too
	days     int       // how many days the joined list covers, when more than a week
	gaps     []skillGap
	events   []*Event // upcoming, soonest first
	met      int      // groups of the last round that met
	answered int      // groups of the last round that answered the follow-up
}

// skillGap is a skill members seek and nobody offers.
type skillGap struct {
	skill   string
	seekers int
}

func (d *digest) empty() bool {
	return len(d.joined) == 0 && len(d.gaps) == 0 && len(d.events) == 0 && d.answered == 0
}

// loadDigest reads what the digest at at says, naming who joined after
// since (see digestSince).
func loadDigest(tx Tx, comm Community, since, at time.Time) (*digest, error) {
	d := &digest{}
	if w := at.Sub(since); w > digestWeek+24*time.Hour {
		d.days = int((w + 12*time.Hour) / (24 * time.Hour))
	}
	seekers := map[string]int{}
	offered := map[string]bool{}
	err := tx.Members(comm.ID, func(m *Member) error {
		switch m.Status {
		case StatusLeft, StatusRemoved, StatusGuest:
			return nil
		}
		if m.Joined.After(since) && !m.Joined.After(at) {
			d.joined = append(d.joined, m)
		}
		for _, s := range m.Profile.Offers {
			offered[s] = true
		}
		for _, s := range m.Profile.Seeks {
			seekers[s]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(d.joined, func(a, b *Member) int { return a.Joined.Compare(b.Joined) })
	for s, n := range seekers {
		if !offered[s] {
			d.gaps = append(d.gaps, skillGap{skill: s, seekers: n})
		}
	}
	slices.SortFunc(d.gaps, func(a, b skillGap) int { return cmp.Or(b.seekers-a.seekers, strings.Compare(a.skill, b.skill)) })
	err = tx.Events(comm.ID, func(e *Event) error {
		if !e.Canceled && e.Start.After(at) {
			d.events = append(d.events, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(d.events, func(a, b *Event) int { return a.Start.Compare(b.Start) })
	last, err := lastAskedRound(tx, comm.ID, at)
	if err != nil {
		return nil, err
	}
	if last != nil {
		for i := range last.Groups {
			if last.followupOf(&last.Groups[i]).After(at) {
				continue // a pick moved its follow-up: not asked yet
			}
			switch last.Groups[i].outcome() {
			case match.OutcomeMet:
				d.met++
				d.answered++
			case match.OutcomeNotMet:
				d.answered++
			}
		}
	}
	return d, nil
}

// renderDigest renders d in lang, for a platform whose commands start with
// prefix, with its lists cut to caps.
func (b *Bot) renderDigest(lang Lang, comm Community, d *digest, prefix string, caps digestCaps) Message {
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	msg := Message{Blocks: []Block{{Kind: Header, Spans: t("digest.title", Args{"name": comm.Settings.Name})}}}
	if n := len(d.joined); n > 0 {
		var items [][]Span
		for _, m := range d.joined {
			if m.Hidden || showsNothing(m.Name) || len(items) == caps.joined {
				continue
			}
			// A name is bold text, never a mention: the digest pings nobody.
			offers := m.Profile.Offers[:min(len(m.Profile.Offers), digestOffers)]
			args := Args{"name": m.Name, "skills": b.skills.Names(lang, offers)}
			switch {
			case len(offers) == 0:
				items = append(items, t("digest.joiner_name", args))
			case len(offers) < len(m.Profile.Offers):
				items = append(items, t("digest.joiner_more", args))
			default:
				items = append(items, t("digest.joiner", args))
			}
		}
		joined, count := "digest.joined", "digest.joined_count"
		if d.days > 0 {
			joined, count = "digest.joined_days", "digest.joined_count_days"
		}
		if len(items) == 0 {
			msg = msg.Add(Block{Kind: Para, Spans: t(count, Args{"n": n, "days": d.days})})
		} else {
			if rest := n - len(items); rest > 0 {
				items = append(items, t("digest.more_joined", Args{"n": rest}))
			}
			msg = msg.Add(Block{Kind: Para, Spans: t(joined, Args{"n": n, "days": d.days})}, Block{Kind: List, Items: items})
		}
	}
	if len(d.gaps) > 0 {
		var items [][]Span
		for _, g := range d.gaps[:min(len(d.gaps), caps.gaps)] {
			cmd := Span{Style: Code, Text: prefix + "offer add " + g.skill}
			items = append(items, t("digest.gap", Args{"skill": b.skills.Name(lang, g.skill), "n": g.seekers, "cmd": cmd}))
		}
		if rest := len(d.gaps) - caps.gaps; rest > 0 {
			items = append(items, t("digest.more_gaps", Args{"n": rest}))
		}
		msg = msg.Add(Block{Kind: Para, Spans: t("digest.gaps", nil)}, Block{Kind: List, Items: items})
	}
	if len(d.events) > 0 {
		var items [][]Span
		loc := comm.Settings.Location()
		for _, e := range d.events[:min(len(d.events), caps.events)] {
			items = append(items, t("digest.event", Args{"title": e.Title, "when": fmtEventWhen(lang, e, loc)}))
		}
		if rest := len(d.events) - caps.events; rest > 0 {
			items = append(items, t("digest.more_events", Args{"n": rest, "cmd": Span{Style: Code, Text: prefix + "events"}}))
		}
		msg = msg.Add(Block{Kind: Para, Spans: t("digest.events", nil)}, Block{Kind: List, Items: items})
	}
	if d.answered > 0 {
		msg = msg.Add(Block{Kind: Para, Spans: t("digest.met", Args{"met": d.met, "n": d.answered})})
	}
	return msg
}

// digestMessage renders d for one platform as one message: its lists are
// shortened, the longest first, until the platform's messenger says it
// fits (see [Fitter]).
func (b *Bot) digestMessage(comm Community, d *digest, platform, prefix string) Message {
	fits := func(Message) bool { return true }
	if f, ok := b.messengers[platform].(Fitter); ok {
		fits = f.Fits
	}
	caps := defaultDigestCaps
	for {
		msg := b.renderDigest(comm.Settings.Language, comm, d, prefix, caps)
		if fits(msg) {
			return msg
		}
		switch {
		case caps.joined > 0 && caps.joined >= max(caps.gaps, caps.events):
			caps.joined--
		case caps.gaps > 0 && caps.gaps >= caps.events:
			caps.gaps--
		case caps.events > 0:
			caps.events--
		default:
			return msg // only the counts are left: nothing shorter to say
		}
	}
}

// digestEntryMessage renders a queued digest post from the state of now;
// it is skipped when the digest was turned off or has nothing left to say.
func (b *Bot) digestEntryMessage(tx Tx, comm Community, e *OutboxEntry) (Message, bool, error) {
	at, err := time.Parse(time.RFC3339Nano, e.Args["at"])
	if err != nil {
		return Message{}, false, err
	}
	if !comm.Settings.Digest {
		return Message{}, true, nil
	}
	since := at.Add(-digestWeek) // an entry queued before "since" was kept
	if v, ok := e.Args["since"]; ok {
		if since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return Message{}, false, err
		}
	}
	d, err := loadDigest(tx, comm, since, at)
	if err != nil || d.empty() {
		return Message{}, err == nil, err
	}
	return b.digestMessage(comm, d, e.Platform, b.prefixFor(e.Platform)), false, nil
}

// lastAskedRound returns the latest round whose follow-up was asked by
// at, nil when none was: it reads the rounds' heads newest first, and
// that one round whole.
func lastAskedRound(tx Tx, community string, at time.Time) (*Round, error) {
	ids, err := roundIDs(tx, community)
	if err != nil {
		return nil, err
	}
	for i := len(ids) - 1; i >= 0; i-- {
		head, err := tx.RoundHead(community, ids[i])
		if err != nil {
			return nil, err
		}
		if !head.FollowupAt.After(at) {
			return tx.Round(community, ids[i])
		}
	}
	return nil, nil
}
