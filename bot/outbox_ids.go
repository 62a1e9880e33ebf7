package bot

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// outboxID builds an outbox entry id: the parts joined by "/", most
// general first, so that one prefix lists everything about a thing.
//
//	round/{community}/{round}/{group}/group          a round's group conversation
//	round/{community}/{round}/{group}/{member}       its DM to one member
//	round/{community}/{round}/{group}/followup/{member}
//	round/{community}/{round}/{group}/followup/{member}/{due}  moved after a picked call (see meet.go)
//	meet/{community}/{round}/{group}/pick/{seq}/{member}      a pick told (/end/{member}: a call-off)
//	intro/{community}/{intro}/{what}[/{member}]      introductions on request
//	event/{community}/{event}/{what}/...             see [eventEntryPrefix]
//	event/{community}/{event}/edit/{platform}/{channel}/{message}
//	digest/{community}/{period}/{platform}/{space}   a weekly digest post (see digest_tick.go)
//	pause/{community}/{member}/{day}, unremove/{community}/{member}/{nanos}
//	reply/{member}/{unique}                          a private reply
//	relay/{community}/{member}/{unique}/{to}        a reply relayed to a pair (see relay.go)
//	welcome/{community}/{member}[/reminder]          a newcomer's welcome, the empty-profile reminder
//	welcome/{community}/post/{platform}/{space}/{due} a welcome post naming a batch of newcomers
//
// The id is the idempotency key: what must go out once gets an id made of
// what it is about, never of when it was queued.
func outboxID(parts ...string) string { return strings.Join(parts, "/") }

// uniquePart is an id part for an entry that is new each time it is
// queued (a private reply): the time, and random bits for two at once.
func uniquePart(t time.Time) string {
	var r [4]byte
	_, _ = rand.Read(r[:])
	return strconv.FormatInt(t.UnixNano(), 10) + "-" + hex.EncodeToString(r[:])
}

// audience is who receives one message meant for a group of members: one
// entry of kind [OutboxGroup] (id base/group) when they share a platform
// and a space and that platform's messenger is a [GroupMessenger] (that
// can group in that space, when it is a [GroupSpacer]) or is not known here
// (the command line runs rounds without messengers; the sender splits the
// group into DMs if its platform cannot group there, see [Bot.splitGroup]),
// else one [OutboxDM] per member (id base/{member}). The entries carry only
// ID, Platform, Kind and To; the caller fills the rest.
func (b *Bot) audience(base string, members []MemberID) []*OutboxEntry {
	first := members[0]
	same := true
	for _, id := range members {
		same = same && id.Platform == first.Platform && id.Space == first.Space
	}
	m, known := b.messengers[first.Platform]
	if same && (!known || canGroup(m, first.Space)) {
		return []*OutboxEntry{{ID: outboxID(base, "group"), Platform: first.Platform, Kind: OutboxGroup, To: members}}
	}
	out := make([]*OutboxEntry, 0, len(members))
	for _, id := range members {
		out = append(out, &OutboxEntry{ID: outboxID(base, id.String()), Platform: id.Platform, Kind: OutboxDM, To: []MemberID{id}})
	}
	return out
}

// canGroup reports whether m can put members of space in one conversation.
func canGroup(m Messenger, space string) bool {
	if _, ok := m.(GroupMessenger); !ok {
		return false
	}
	if gs, ok := m.(GroupSpacer); ok {
		return gs.CanGroup(space)
	}
	return true
}
