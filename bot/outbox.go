package bot

// The outbox is the only way a message leaves on the core's initiative:
// intros, follow-ups, event posts and their edits, reminders, private
// replies. Replies to a request are the return value of [Bot.Handle]; all
// else is an [OutboxEntry], stored in the transaction that decides to
// send it and sent later by the platform's worker ([Bot.RunOutbox]).
//
// Kinds: [OutboxDM] to one member, [OutboxGroup] to 2 to 4 members in one
// conversation (queued where the messenger is a [GroupMessenger] or
// unknown: [Bot.audience] decides, else one DM each; a group reaching a
// platform without groups is split into DMs when sent), [OutboxPost] to a channel,
// [OutboxEdit] replacing a message already sent (skipped where the
// messenger is no [Editor]).
//
// Rendering: an entry names what to say (Template, Args, Round, Group)
// and is rendered when it is sent, from the state of that moment and in
// the reader's language then; a stale entry renders as skipped (an intro
// answered meanwhile, a reminder for a canceled event). A private reply
// is the exception: it carries its Message, rendered for the request, and
// drops it once done.
//
// Ids: [outboxID] builds every id; queueing an id that is pending or done
// (done entries are kept for a while, see [OutboxTx]) is a no-op, so a
// retried transaction or a round run twice sends once. An edit is removed
// once sent instead of kept: while one is pending, further changes keep it
// and it renders the latest state; once sent, the next change queues a new
// one.
//
// Sending: one sender per platform at a time. [Bot.RunOutbox] is given the
// platform's [Limit] and applies it through a [Limiter], overall and per
// destination (a channel, a DM, a group): an entry whose destination must
// wait stays pending and the worker goes on with other destinations; the
// overall limit ends the pass until a token is free. An edit also waits
// Limit.Coalesce after it was first queued, so that a burst of changes
// makes one edit. Messenger errors decide what follows: [ErrUnreachable]
// ends the entry (and marks a DM's member unreachable), a [*RetryError]
// retries after its delay, anything else (a platform down, a 5xx) retries
// with jittered exponential backoff, capped at maxBackoff, until the entry
// has been failing for GiveUpAfter, then gives up.

import "time"

// OutboxKind says how an outbox entry is delivered.
type OutboxKind string

// Outbox kinds.
const (
	OutboxDM    OutboxKind = "dm"    // a direct message to To[0]
	OutboxGroup OutboxKind = "group" // one conversation with every member of To
	OutboxPost  OutboxKind = "post"  // a post to Space/Channel
	OutboxEdit  OutboxKind = "edit"  // a new version of the message Edit names
)

// OutboxEntry is one message waiting to be sent. Its ID, built by
// [outboxID], is the idempotency key (for example round id + group +
// recipient): enqueueing the same ID twice sends once.
type OutboxEntry struct {
	ID        string     `json:"id"`
	Platform  string     `json:"platform"`
	Community string     `json:"community"`
	Kind      OutboxKind `json:"kind"`
	To        []MemberID `json:"to,omitempty"`
	Space     string     `json:"space,omitempty"`
	Channel   string     `json:"channel,omitempty"`
	// Template says what to send; the text is rendered when it is sent, in
	// the reader's language of that moment: "intro", "followup", or a
	// catalog key with Args.
	Template string            `json:"template"`
	Args     map[string]string `json:"args,omitempty"`
	Round    string            `json:"round,omitempty"`
	Group    int               `json:"group,omitempty"`
	// Message, when set, is sent as is (a private reply, rendered for
	// the request); it is dropped once the entry is done.
	Message *Message `json:"message,omitempty"`
	// Edit is the message an [OutboxEdit] entry changes.
	Edit MessageRef `json:"edit,omitzero"`

	Created   time.Time `json:"created"`
	NotBefore time.Time `json:"not_before"`
	Attempts  int       `json:"attempts,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	// FailingSince is when the first of the failures still being retried
	// happened; GiveUpAfter counts from it.
	FailingSince time.Time `json:"failing_since,omitzero"`

	// Set when done.
	Sent   time.Time  `json:"sent,omitzero"`
	Ref    MessageRef `json:"ref,omitzero"`
	Failed bool       `json:"failed,omitempty"`
}
