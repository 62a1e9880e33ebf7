package bot

import (
	"context"
	"time"
)

// Store is rete's durable state. Every read and write goes through a
// transaction so that a change touching several records (a member and its
// skill index entries, a round and its outbox entries) lands whole or not
// at all.
//
// Contract, for every implementation (bot/storetest checks it):
//   - View runs fn in a read-only transaction that sees one consistent
//     snapshot. Writes inside View fail.
//   - Update runs fn in a read-write transaction and commits it when fn
//     returns nil; when Update returns nil the change is durable (it
//     survives a process crash). If the commit conflicts with a concurrent
//     transaction, Update runs fn again on a fresh snapshot, so fn must not
//     have effects outside tx. If fn returns an error nothing is written
//     and that error is returned unchanged.
//   - A Tx must not be used after its function returns.
//   - Objects returned by a Tx belong to the caller.
type Store interface {
	View(ctx context.Context, fn func(Tx) error) error
	Update(ctx context.Context, fn func(Tx) error) error
}

// SkillKind says which of a member's skill lists an index lookup reads.
type SkillKind string

// Skill kinds.
const (
	Offers SkillKind = "offers"
	Seeks  SkillKind = "seeks"
)

// Tx is one transaction. Lookups that find nothing return [ErrNotFound].
type Tx interface {
	// Member returns one member of a community. The id of a linked
	// account (in another member's Accounts) returns that member.
	Member(community string, id MemberID) (*Member, error)
	// MemberByHandle finds a member by handle or user id (case-insensitive).
	MemberByHandle(community, handle string) (*Member, error)
	// PutMember creates or replaces a member and keeps the skill and handle
	// indexes in step with it, those of its linked accounts too (their
	// handles and user ids, their memberships, the account index that
	// Member goes through).
	PutMember(m *Member) error
	// DeleteMember removes a member and its index entries. Deleting a
	// missing member is not an error.
	DeleteMember(community string, id MemberID) error
	// Members calls fn for every member of a community, in id order, until
	// fn returns an error (which Members returns).
	Members(community string, fn func(*Member) error) error
	// MembersWithSkill calls fn with the id of every member whose list of
	// the given kind holds skill (normalised), in id order.
	MembersWithSkill(community string, kind SkillKind, skill string, fn func(MemberID) error) error
	// Skills calls fn once with every distinct skill that at least one
	// member's list of the given kind holds, in byte order, until fn
	// returns an error (which Skills returns). Its cost grows with the
	// number of distinct skills, not of members: find uses it to look for
	// relatives of a skill.
	Skills(community string, kind SkillKind, fn func(skill string) error) error
	// Settings returns the community's overrides set with `config`
	// (key → value); none gives an empty map.
	Settings(community string) (map[string]string, error)
	// PutSettings replaces the community's overrides.
	PutSettings(community string, overrides map[string]string) error

	RoundTx
	OutboxTx
	IntroTx
	EventTx
	SeqTx
	SpaceTx
	TokenTx
	AccountTx
	SnapshotTx
}

// SnapshotTx is the part of [Tx] for the daily counts of a community
// ([Snapshot]) that the dashboard charts.
type SnapshotTx interface {
	// Snapshot returns a community's snapshot of one day (YYYY-MM-DD);
	// ErrNotFound when that day has none.
	Snapshot(community, day string) (*Snapshot, error)
	// PutSnapshot creates or replaces the snapshot of its day.
	PutSnapshot(s *Snapshot) error
	// Snapshots calls fn for a community's snapshots from day from on,
	// oldest first, until fn returns an error, which it returns unchanged.
	Snapshots(community, from string, fn func(*Snapshot) error) error
}

// LinkCode is what a `link` code stands for: the member who asked for it,
// until Expires on the bot's clock.
type LinkCode struct {
	Community string    `json:"community"`
	ID        MemberID  `json:"id"`
	Expires   time.Time `json:"expires"`
}

// AccountTx is the part of [Tx] for one person's accounts on several
// platforms (`link`). A member record keeps its primary id and lists the
// other accounts in [Member.Accounts]; PutMember indexes them, so that
// Member, MemberByHandle and Memberships find the record by any of them.
type AccountTx interface {
	// PutLinkCode stores a one-time code for ttl on the wall clock (whole
	// seconds, rounded up), replacing any stored under code.
	PutLinkCode(code string, l *LinkCode, ttl time.Duration) error
	// LinkCode returns what a code stands for, or [ErrNotFound] when
	// there is none or its ttl has passed.
	LinkCode(code string) (*LinkCode, error)
	// DeleteLinkCode removes a code; a missing one is not an error.
	DeleteLinkCode(code string) error
	// RenameMember makes every record of the community that names from
	// (rounds, intros, events and their RSVPs, other members' blocks,
	// settings and scheduler state, pending outbox entries of from's and
	// to's platforms and their ids) name to instead. The member records
	// of from and to are left alone: the caller deletes from's before
	// and writes to's after.
	//
	// Rounds are rewritten in this transaction too (a part of a round in
	// parts, a smaller round whole), which a long history makes too big:
	// the caller first moves from's groups to to, one per transaction,
	// with RoundGroupOf and PutRoundGroup, and RenameMember then rewrites
	// only the rounds that still name from (none, or one stored
	// meanwhile).
	RenameMember(community string, from, to MemberID) error
}

// TokenTx is the part of [Tx] that keeps the commands of buttons too long
// for a platform's button (see [MaxButtonCommand]): the button carries a
// short token, and pressing it runs the command stored under it.
type TokenTx interface {
	// PutToken stores command under token (1 to 16 letters and digits)
	// for ttl on the wall clock (whole seconds, rounded up), replacing any
	// command stored under it.
	PutToken(token, command string, ttl time.Duration) error
	// Token returns the command stored under token, or [ErrNotFound]
	// when there is none or its ttl has passed.
	Token(token string) (string, error)
}

// SpaceTx is the part of [Tx] that follows people and spaces across
// communities: the private chats that carry no space, the scheduler's
// list of spaces no community lists, a space that changes its id.
type SpaceTx interface {
	// Memberships calls fn with the community and id of every member
	// record of one person on a platform, whatever the space, in
	// (community, id) order, until fn returns an error (which Memberships
	// returns). PutMember and DeleteMember keep it in step.
	Memberships(platform, user string, fn func(community string, id MemberID) error) error
	// Choice returns the community a person chose for their private
	// chats; "" when they chose none. It is stored per (platform, user),
	// under no space.
	Choice(platform, user string) (string, error)
	// PutChoice records the choice; "" removes it. DeleteMember removes a
	// choice that names the deleted member's community when no other
	// record of the person is left there.
	PutChoice(platform, user, community string) error
	// Spaces calls fn with every (platform, space) where a member record
	// was ever stored, in byte order, until fn returns an error. PutMember
	// adds the space of a new member; nothing removes one but MoveSpace.
	Spaces(fn func(platform, space string) error) error
	// MoveSpace moves records of space (platform, from) to (platform, to):
	// member ids "platform:from:user" become "platform:to:user" wherever
	// they are stored (members and their indexes, blocks, rounds, intros,
	// events and their RSVPs, pending outbox entries and their ids,
	// choices). When fromCommunity differs from toCommunity (a space no
	// community lists names its own), every record of fromCommunity
	// (settings, scheduler state, counters, rounds, intros, events) moves
	// under toCommunity, replacing any there with the same key. Done
	// outbox entries stay as they are: they only de-duplicate and expire.
	//
	// One call moves at most max records (max <= 0: all; a record of
	// more than a few KB, such as a part of a big round, counts as
	// several) and reports
	// whether it moved the last: a big space moves in several
	// transactions, each a consistent store, and calling again, after a
	// crash too, resumes where the last committed call stopped. The space
	// list changes in the last call. A round in parts moving to another
	// community is never split between the two: its parts are copied
	// there unseen first, then one call moves its record and deletes the
	// old one with its parts; a round of the same id there is replaced,
	// parts past the moved round's included.
	MoveSpace(platform, from, to, fromCommunity, toCommunity string, max int) (done bool, err error)
}

// RoundPart is how many groups of a round one stored part holds at most.
// A round of 100,000 members is megabytes, more than one transaction
// takes (Badger's is about a megabyte), so a bigger round is stored in
// parts, staged one transaction each before the round is stored.
const RoundPart = 512

// RoundTx is the part of [Tx] for weekly rounds and the per-community
// scheduler state.
//
// A round of at most [RoundPart] groups is written whole by PutRound. A
// bigger one is written in parts of RoundPart groups (part k holds groups
// k*RoundPart onwards): StageRound writes each part in a transaction of
// its own, where no reader sees it, then PutRound makes the round visible
// in one small transaction, writing only the parts not staged with that
// content. A crash before PutRound leaves no visible round; staged parts
// are replaced by the next attempt's, or removed by its PutRound.
type RoundTx interface {
	// Round returns one round of a community by id, all its groups
	// included.
	Round(community, id string) (*Round, error)
	// PutRound creates or replaces a round. For a round in parts it
	// writes only the parts whose content changed, so that changing one
	// group of a big round writes one part; writing every part of a big
	// round in one transaction fails as too big.
	PutRound(r *Round) error
	// StageRound writes part part of a round of more than RoundPart
	// groups that is not stored yet; Round and Rounds do not see it until
	// PutRound stores the round. It returns an error wrapping
	// [ErrRoundExists] if a round with r's id is stored, even one stored
	// by a transaction that commits meanwhile.
	StageRound(r *Round, part int) error
	// RoundHead returns a round without its groups (Groups nil), reading
	// none of them: what a message about one group needs with
	// RoundGroups(id, i, i+1). ErrNotFound when there is no such round.
	RoundHead(community, id string) (*Round, error)
	// RoundGroupOf returns the index of member's group in a round and
	// the group, -1 and nil when no group of the round holds member in
	// its Members, decoding no other group: a search of a round of 50k
	// groups for one member. ErrNotFound when there is no such round.
	RoundGroupOf(community, id string, member MemberID) (int, *RoundGroup, error)
	// PutRoundGroup replaces group index of a stored round, as PutRound
	// of the round with that group changed would, RoundSummaries
	// included, but writing only the part that holds the group: an
	// answer or a pick in a round of 50k groups writes a few hundred KB,
	// and reads no other part. ErrNotFound when the round has no such
	// group.
	PutRoundGroup(community, id string, index int, g *RoundGroup) error
	// Rounds calls fn for every round of a community, oldest first (ids
	// sort by time), until fn returns an error (which Rounds returns).
	Rounds(community string, fn func(*Round) error) error
	// RoundGroups returns groups from to to (exclusive) of a round,
	// fewer at its end, decoding no other group: a page of a round of 50k
	// groups. ErrNotFound when there is no such round.
	RoundGroups(community, id string, from, to int) ([]RoundGroup, error)
	// RoundSummaries calls fn with the [RoundSummary] of every round of a
	// community, oldest first, until fn returns an error (which it
	// returns); it reads no round's groups unless the round was written
	// otherwise than by PutRound (an older release, a move).
	RoundSummaries(community string, fn func(*RoundSummary) error) error
	// State returns the community's scheduler state; none gives a zero State.
	State(community string) (*State, error)
	// PutState replaces the community's scheduler state.
	PutState(community string, s *State) error
}

// OutboxTx is the part of [Tx] for the durable outbox.
type OutboxTx interface {
	// Enqueue adds an entry unless one with its ID exists, pending or
	// done; it reports whether it added it. This makes enqueueing idempotent.
	Enqueue(e *OutboxEntry) (bool, error)
	// Pending calls fn for every pending entry of a platform, in ID order.
	Pending(platform string, fn func(*OutboxEntry) error) error
	// Due calls fn for the pending entries of a platform that are due at
	// now (NotBefore not after it), in due order (NotBefore, then ID),
	// starting past the position after (the zero DuePos: from the first),
	// for at most limit entries (limit <= 0: no limit), until fn returns
	// an error, which it returns unchanged. It returns the NotBefore of
	// the first pending entry past the last one passed to fn, zero if
	// there is none: not after now when limit cut the list, else when the
	// next entry falls due. Its cost follows the entries it passes, not
	// the size of the queue: every write of this interface keeps the
	// order Due reads (Enqueue, PutPending with a new NotBefore, Complete,
	// RemoveEntry) in its own transaction, and so do MoveSpace and
	// RenameMember when they rewrite an entry.
	Due(platform string, now time.Time, after DuePos, limit int, fn func(*OutboxEntry) error) (time.Time, error)
	// PutPending replaces a pending entry (attempts, next try).
	PutPending(e *OutboxEntry) error
	// Complete marks a pending entry done (sent, or given up); done
	// entries are kept for a while so that re-enqueueing is a no-op.
	Complete(e *OutboxEntry) error
	// Done calls fn for every done entry of a platform, in ID order.
	Done(platform string, fn func(*OutboxEntry) error) error
	// RemoveEntry removes an entry, pending or done (for forget-me); a
	// missing entry is not an error.
	RemoveEntry(platform, id string) error
}

// DuePos is a position in the due order of [OutboxTx.Due]: that of the
// entry with this NotBefore and ID.
type DuePos struct {
	NotBefore time.Time
	ID        string
}

// IntroTx is the part of [Tx] for introductions on request.
type IntroTx interface {
	// Intro returns one introduction request by id.
	Intro(community, id string) (*Intro, error)
	// PutIntro creates or replaces an introduction request, and updates
	// the community's [IntroCounts] in the same transaction: it takes the
	// replaced request's share away and adds the new one's.
	PutIntro(i *Intro) error
	// IntroCounts returns the community's [IntroCounts] as PutIntro keeps
	// them, reading no intro: they always equal [CountIntros]. ErrNotFound
	// when the store holds none for the community (its intros were written
	// before the store kept them): RecountIntros makes them, and so does
	// the community's next PutIntro.
	IntroCounts(community string) (IntroCounts, error)
	// RecountIntros counts the community's intros, stores the counts and
	// returns them (a community with no intros gets zero counts).
	RecountIntros(community string) (IntroCounts, error)
	// Intros calls fn for every introduction request of a community in id
	// order (ids are numbers, compared as numbers), until fn returns an
	// error (which Intros returns).
	Intros(community string, fn func(*Intro) error) error
}

// EventTx is the part of [Tx] for community events.
type EventTx interface {
	// Event returns one event by id.
	Event(community, id string) (*Event, error)
	// PutEvent creates or replaces an event.
	PutEvent(e *Event) error
	// Events calls fn for every event of a community in id order (ids are
	// numbers, compared as numbers), until fn returns an error.
	Events(community string, fn func(*Event) error) error
	// EventByID finds an event by id in any community (for the .ics page).
	EventByID(id string) (*Event, error)
}

// SeqTx hands out short ids.
type SeqTx interface {
	// NextID returns the next number of a per-community sequence ("intro",
	// "event"): 1, 2, 3... It never returns a number twice, even across
	// restarts; a transaction that fails to commit may skip numbers.
	NextID(community, seq string) (int, error)
}

// Writable is implemented by a store that can tell ahead whether it takes
// writes now; the outbox sends nothing while it does not (a sent message
// could not be recorded as sent). Writable returns nil or an error
// wrapping [ErrCannotSave].
type Writable interface {
	Writable() error
}
