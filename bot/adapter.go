package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Request is what an adapter hands the core: who spoke, from where, and
// what they typed or pressed. The adapter fills it from a verified platform
// event; the core trusts every field.
type Request struct {
	Platform string // "slack", "discord", "telegram", "console"
	// Space is the Slack team, Discord guild or Telegram group the request
	// came from. It is "" for a private chat that belongs to no space (a
	// Telegram private chat, a Discord DM): the core then finds the
	// member's community through their memberships (see [Bot.Handle]).
	Space  string
	User   string // the platform's user id
	Name   string // display name, as the platform gives it
	Handle string // platform username, if any (Telegram @username)
	Admin  bool   // the platform says this person administers the space
	// Private is true when the reply reaches only this person: a DM, or an
	// ephemeral reply. Verbs that show private data refuse to answer
	// elsewhere and send a DM instead.
	Private bool
	// Text is the command line without the command prefix: "offer add go".
	// Member references are "@" followed by the platform user id or handle.
	Text string
	// Typed is set when the platform already parsed the command into
	// typed options (a Discord application command); nil otherwise. The
	// core then ignores Text for parsing (it only logs it). A pointer keeps
	// Request comparable.
	Typed *TypedCommand
	// Button is true when Text comes from a pressed button.
	Button bool
	// target, set by the dashboard, is the member a moderator's command
	// acts on, by id: the member reference in Text is not looked up.
	target *MemberID
	// Prefix is how commands are typed where the request came from, for
	// help and usage lines: "/rete " on Slack, "/" on Telegram, "" in the
	// console.
	Prefix string
	// CanDM is whether the platform can deliver a DM to this person now,
	// as the adapter knows it: ReachYes from a private chat with the bot
	// (Telegram: the person started the bot), ReachUnknown from a group
	// where that is not known. Only ReachYes makes an unreachable member
	// reachable again; ReachNo marks an active member unreachable.
	CanDM Reach
}

// TypedCommand is a command as a platform with typed options delivers it.
// The core checks each argument by its parameter's kind, as it does for a
// typed line, and runs the same handler, without rebuilding a line.
type TypedCommand struct {
	Verb string // "intro"; "export_me" is read as "export-me"
	Sub  string // the sub-command for a verb that has them ("member"), else ""
	// Args are the options by parameter name ([Param].Name), as text: a
	// member as "@" and the platform user id, a number in decimal, a
	// choice as its canonical word.
	Args map[string]string
}

// Reach is what an adapter knows about whether a person can receive DMs.
type Reach int8

// Reach values. The zero value is ReachUnknown, so an adapter that says
// nothing changes nothing.
const (
	ReachUnknown Reach = iota
	ReachYes
	ReachNo
)

// Member returns the id of the person who made the request.
func (r *Request) Member() MemberID {
	return MemberID{Platform: r.Platform, Space: r.Space, User: r.User}
}

// Messenger is what the core asks of every adapter: to send messages on its
// platform on the core's own initiative. Replies to a request are not sent
// through Messenger: they are the return value of [Bot.Handle].
//
// Contract: a send either delivers the message once and returns the
// platform's message reference, or returns an error. An error wrapping
// [ErrUnreachable] means the platform refuses to deliver to that member for
// good (they blocked the bot, closed DMs, never started it); a
// [*RetryError] asks to try again after a delay; anything else is
// temporary and retried with backoff. Implementations must be safe for
// concurrent use, must escape member text in the message, and deliver a
// message longer than the platform allows as several, in order, buttons
// with the last (bot/bottest checks it).
type Messenger interface {
	// Platform returns the platform name the messenger serves ("slack").
	Platform() string
	// DM sends a direct message to one member.
	DM(ctx context.Context, to MemberID, msg Message) (MessageRef, error)
	// Post sends a message to a channel of a space.
	Post(ctx context.Context, space, channel string, msg Message) (MessageRef, error)
}

// GroupMessenger is an optional ability: put 2 to 4 members of one space
// in touch in one conversation (a Slack group DM, a Discord private thread).
// Without it the core DMs each member, naming the others.
type GroupMessenger interface {
	Group(ctx context.Context, members []MemberID, msg Message) (MessageRef, error)
}

// Editor is an optional ability: change a message already sent (live RSVP
// counts, "Accepted" after a click).
type Editor interface {
	Edit(ctx context.Context, ref MessageRef, msg Message) error
}

// MessageRef names a message the platform accepted, so it can be edited.
type MessageRef struct {
	Platform string `json:"platform"`
	Channel  string `json:"channel,omitempty"`
	ID       string `json:"id,omitempty"`
}

// ErrUnreachable is wrapped by send errors that will not go away by
// retrying: the member blocked the bot or cannot be messaged.
var ErrUnreachable = errors.New("member unreachable")

// RetryError asks the caller to retry after a delay (a platform's rate
// limit with Retry-After).
type RetryError struct {
	After time.Duration
	Err   error
}

// Error implements error.
func (e *RetryError) Error() string {
	return fmt.Sprintf("retry after %s: %v", e.After, e.Err)
}

// Unwrap returns the underlying error.
func (e *RetryError) Unwrap() error { return e.Err }

// Handler handles requests: *Bot is the Handler every adapter is given.
// Adapters depend on this interface, not on *Bot, so their tests can use a
// recorder.
type Handler interface {
	Handle(ctx context.Context, req *Request) Message
}

// JoinLinker is an optional ability of a [Messenger]: a link that takes a
// person to where they can join (a Telegram deep link such as
// https://t.me/BOT?startgroup=join, a Discord invite). space is the space
// to join, or "" for a link that works without one; "" means no link.
// The core shows it to someone who writes privately but belongs to no
// community yet.
type JoinLinker interface {
	JoinLink(space string) string
}

// SpaceMover is what an adapter asks when its platform gives a space a new
// id (Telegram reports migrate_to_chat_id when a group becomes a
// supergroup): the adapter asserts its [Handler] to SpaceMover and calls
// MoveSpace with the old and the new id. A nil error means every record
// of the old space now lives under the new one; after an error, calling
// again resumes the move. *Bot implements it (see [Bot.MoveSpace]).
type SpaceMover interface {
	MoveSpace(ctx context.Context, platform, from, to string) error
}

var _ SpaceMover = (*Bot)(nil)

// Prefixer is an optional ability: how members type commands on the
// platform ("/rete " on Slack), for messages the core sends on its own
// (which have no request to take Request.Prefix from).
type Prefixer interface {
	CommandPrefix() string
}

// GroupSpacer is an optional ability of a [GroupMessenger] whose group
// conversations need something a space may lack (a Discord server's
// channel where private threads open): CanGroup reports whether members
// of space can be put in one conversation. When it is false the core
// DMs each member instead, as for a platform without groups.
type GroupSpacer interface {
	CanGroup(space string) bool
}

// SkillSuggester is an optional ability of a [Handler] for platforms that
// complete what a member is typing (Discord's autocomplete). *Bot
// implements it (see [Bot.SuggestSkills]).
type SkillSuggester interface {
	SuggestSkills(ctx context.Context, req *Request, prefix string, limit int) []string
}

var _ SkillSuggester = (*Bot)(nil)

// ContactLinker is an optional ability of a [Messenger]: a link that opens
// a direct conversation with a member of its platform, for an intro that
// tells someone how to reach them. reader is who will read the link (on
// any platform): ok is false when the platform has no such link or reader
// could not use it (a Slack user outside the member's workspace). handle
// is the member's platform username, "" when unknown.
type ContactLinker interface {
	ContactLink(reader, member MemberID, handle string) (url string, ok bool)
}

// HomeBuilder is an optional ability of a [Handler] for platforms that
// keep a page of their own for each person (Slack's App Home tab): Home
// returns what that page shows the person who made req (Platform,
// Space, User, Admin and Prefix are read; Text is not), in their
// language. It changes no record; the page's buttons are pressed as any
// other. An error is temporary (the store could not be read). *Bot
// implements it (see [Bot.Home]).
type HomeBuilder interface {
	Home(ctx context.Context, req *Request) (*Home, error)
}

var _ HomeBuilder = (*Bot)(nil)

// Fitter is an optional ability of a [Messenger]: Fits reports whether msg
// goes out as one message on the platform, within its size limit, rather
// than split into several. The core shortens a message that must stay
// whole (the weekly digest) until it fits; without Fitter it assumes no
// limit.
type Fitter interface {
	Fits(msg Message) bool
}

// Greeter is what an adapter tells when someone arrives in a space: a
// Slack team_join or member_joined_channel, a Telegram new member, a
// Discord member add where the server grants that intent, else the first
// command of someone in a server. The adapter asserts its [Handler] to
// Greeter and calls Arrived for every such sign, repeats included, with
// [Arrival.Admin] set when the platform says the person administers the
// space. A first command is reported before it is handled, never after,
// with [Arrival.Command] set: a forget-me in it then deletes what Arrived
// stored, and a join in it drops the welcome. The core decides whether
// a welcome goes out (once per person and community, never to a member,
// a moderator or platform admin, a bot, or where the moderators turned
// welcomes off) and queues it in the outbox. After an error nothing was recorded and the
// call may be repeated. *Bot implements it (see [Bot.Arrived]).
type Greeter interface {
	Arrived(ctx context.Context, a Arrival) error
}

// SpaceGreeter is an optional ability of a [Messenger] whose platform
// lets a bot write privately only to people who wrote to it first
// (Telegram): newcomers are welcomed by one post in their space naming
// them, with a button to the [JoinLinker] link, instead of a DM each.
// The core batches the newcomers of about a minute into one post, so a
// space sees at most one a minute. GreetChannel returns the channel of
// space to post in ("" for the space itself); ok false: DM as elsewhere.
type SpaceGreeter interface {
	GreetChannel(space string) (channel string, ok bool)
}
