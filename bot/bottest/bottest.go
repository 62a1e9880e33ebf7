// Package bottest is the conformance kit that every adapter's tests run:
// the adapter contract of package bot, checked against the adapter wired to
// a fake of its platform (an httptest server speaking the platform's wire
// format, or the console's own output).
//
// An adapter test implements [Harness] and calls [Run].
package bottest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rete-bot/rete/bot"
)

// Delivery is one message as it reached the platform, read back from the
// fake platform's side.
type Delivery struct {
	To      []string     // user ids, or "#channel", that receive it
	Text    string       // what a reader sees, in the platform's rendering
	Buttons []bot.Button // the buttons as the platform shows them (Command decoded)
	// Pings are the notifications the platform would raise when showing
	// the message: user ids mentioned, or "everyone", "here", "channel".
	Pings []string
	// Size is how much of the platform's size limit the message uses, in
	// the unit of [Limited.Limit] (a Discord message's characters, the
	// longest Slack section's); 0 when the harness does not measure.
	Size int
}

// Limited is implemented by a harness whose platform limits the size of a
// message: the suite then checks that a long message arrives in parts
// that each fit.
type Limited interface {
	// Limit is the platform's limit, in the unit of Delivery.Size.
	Limit() int
}

// Private is implemented by a harness whose platform has private chats
// that belong to no space (a Telegram private chat, a Discord DM).
type Private interface {
	// PrivateCommand sends text from member n's private chat with the bot,
	// as the platform would, and returns the reply. The request carries
	// no space.
	PrivateCommand(t *testing.T, n int, text string) Delivery
}

// Harness wires one adapter to a fake of its platform.
type Harness interface {
	// Messenger is the adapter under test.
	Messenger() bot.Messenger
	// Member returns a member the fake platform can DM; n (0, 1, 2...)
	// picks different members.
	Member(n int) bot.MemberID
	// Unreachable returns a member the platform refuses to DM (blocked the
	// bot, closed DMs), or false if the platform cannot tell.
	Unreachable() (bot.MemberID, bool)
	// Channel returns a space and a channel the adapter can post to.
	Channel() (space, channel string)
	// Deliveries returns what the fake platform received since the last call.
	Deliveries(t *testing.T) []Delivery
	// Command sends text as a slash command (or the platform's equivalent)
	// from member n, as the platform would, and returns what the member
	// then sees (the reply).
	Command(t *testing.T, n int, text string) Delivery
	// Press presses a button of a delivery as member n and returns the reply.
	Press(t *testing.T, n int, d Delivery, button int) Delivery
}

// Recorder is a bot.Handler that records requests and answers with Reply.
// Harnesses give it to the adapter under test.
type Recorder struct {
	mu    sync.Mutex
	reqs  []bot.Request
	Reply func(*bot.Request) bot.Message
}

// Handle implements bot.Handler.
func (r *Recorder) Handle(_ context.Context, req *bot.Request) bot.Message {
	r.mu.Lock()
	r.reqs = append(r.reqs, *req)
	reply := r.Reply
	r.mu.Unlock()
	if reply == nil {
		return bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text("ok: " + req.Text))}}
	}
	return reply(req)
}

// Requests returns the requests recorded so far and forgets them.
func (r *Recorder) Requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reqs
	r.reqs = nil
	return out
}

// Injections are member-written strings that must never become markup or
// a ping on any platform.
func Injections() []string {
	return []string{
		"@everyone", "@here", "@channel", "<!channel>", "<!here>", "<!everyone>",
		"<!subteam^S0123|devs>", "<@U0123ABCD>", "<@123456789012345678>", "<@&123456789012345678>",
		"<#C0123|general>", "*bold*", "_italic_", "~strike~", "`code`", "```block```",
		"[link](https://evil.example)", "<https://evil.example|click>", "<b>html</b>", "&amp; &lt;",
		"||spoiler||", "# heading", "> quote", "\\*escaped\\*",
	}
}

// Run checks the adapter contract. newHarness builds a fresh harness whose
// adapter hands requests to rec.
func Run(t *testing.T, newHarness func(t *testing.T, rec *Recorder) Harness) {
	t.Helper()
	ctx := context.Background()
	t.Run("DM", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		to := h.Member(0)
		ref, err := h.Messenger().DM(ctx, to, msg("hello from rete"))
		if err != nil {
			t.Fatalf("DM: %v", err)
		}
		if ref.Platform != h.Messenger().Platform() {
			t.Errorf("ref platform %q, want %q", ref.Platform, h.Messenger().Platform())
		}
		d := one(t, h.Deliveries(t))
		if !slices.Contains(d.To, to.User) {
			t.Errorf("DM went to %v, want %s", d.To, to.User)
		}
		if !strings.Contains(d.Text, "hello from rete") {
			t.Errorf("DM text %q lacks the message", d.Text)
		}
	})
	t.Run("Post", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		space, ch := h.Channel()
		if _, err := h.Messenger().Post(ctx, space, ch, msg("event tonight")); err != nil {
			t.Fatalf("Post: %v", err)
		}
		d := one(t, h.Deliveries(t))
		if !strings.Contains(d.Text, "event tonight") {
			t.Errorf("post text %q lacks the message", d.Text)
		}
	})
	t.Run("Escaping", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		to := h.Member(0)
		mentioned := h.Member(1)
		for _, inj := range Injections() {
			m := bot.Message{Blocks: []bot.Block{
				bot.ParaBlock(bot.Text("bio: "+inj+" "), bot.Strong(inj), bot.Span{Style: bot.Mention, Text: inj, Member: mentioned}),
				{Kind: bot.List, Items: [][]bot.Span{{bot.Text(inj)}}},
				{Kind: bot.Pre, Spans: []bot.Span{{Style: bot.Code, Text: inj}}},
				{Kind: bot.Para, Spans: []bot.Span{{Style: bot.Link, Text: inj, URL: "https://example.com/" + inj}}},
			}}
			if _, err := h.Messenger().DM(ctx, to, m); err != nil {
				t.Fatalf("DM %q: %v", inj, err)
			}
			d := one(t, h.Deliveries(t))
			for _, p := range d.Pings {
				if p != mentioned.User {
					t.Errorf("member text %q pings %q (all pings: %v)", inj, p, d.Pings)
				}
			}
		}
	})
	t.Run("Buttons", func(t *testing.T) {
		rec := &Recorder{}
		h := newHarness(t, rec)
		to := h.Member(0)
		m := msg("meet Anna?")
		m.Buttons = []bot.Button{{Label: "Accept", Command: "intro accept 42", Style: bot.ButtonPrimary}, {Label: "Decline", Command: "intro decline 42"}}
		if _, err := h.Messenger().DM(ctx, to, m); err != nil {
			t.Fatalf("DM: %v", err)
		}
		d := one(t, h.Deliveries(t))
		if len(d.Buttons) != 2 || d.Buttons[0].Command != "intro accept 42" || d.Buttons[1].Label != "Decline" {
			t.Fatalf("buttons arrived as %+v", d.Buttons)
		}
		reply := h.Press(t, 0, d, 0)
		reqs := rec.Requests()
		if len(reqs) != 1 {
			t.Fatalf("press gave %d requests, want 1", len(reqs))
		}
		r := reqs[0]
		if !r.Button || r.Text != "intro accept 42" || r.User != to.User || r.Platform != h.Messenger().Platform() {
			t.Errorf("press became request %+v", r)
		}
		if !strings.Contains(reply.Text, "ok: intro accept 42") {
			t.Errorf("press reply %q", reply.Text)
		}
	})
	t.Run("Command", func(t *testing.T) {
		rec := &Recorder{}
		h := newHarness(t, rec)
		reply := h.Command(t, 1, "offer add go, ux")
		reqs := rec.Requests()
		if len(reqs) != 1 {
			t.Fatalf("command gave %d requests, want 1", len(reqs))
		}
		r := reqs[0]
		want := h.Member(1)
		if r.Text != "offer add go, ux" || r.Member() != want || r.Button {
			t.Errorf("command became request %+v, want text %q from %s", r, "offer add go, ux", want)
		}
		if !strings.Contains(reply.Text, "ok: offer add go, ux") {
			t.Errorf("reply %q", reply.Text)
		}
	})
	t.Run("Unreachable", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		id, ok := h.Unreachable()
		if !ok {
			t.Skip("the platform cannot refuse a DM")
		}
		_, err := h.Messenger().DM(ctx, id, msg("hi"))
		if !errors.Is(err, bot.ErrUnreachable) {
			t.Errorf("DM to unreachable member: %v, want ErrUnreachable", err)
		}
	})
	t.Run("Group", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		g, ok := h.Messenger().(bot.GroupMessenger)
		if !ok {
			t.Skip("no group conversations on this platform")
		}
		a, b := h.Member(0), h.Member(1)
		if _, err := g.Group(ctx, []bot.MemberID{a, b}, msg("meet each other")); err != nil {
			t.Fatalf("Group: %v", err)
		}
		d := one(t, h.Deliveries(t))
		if !slices.Contains(d.To, a.User) || !slices.Contains(d.To, b.User) {
			t.Errorf("group message went to %v, want %s and %s", d.To, a.User, b.User)
		}
	})
	t.Run("Edit", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		e, ok := h.Messenger().(bot.Editor)
		if !ok {
			t.Skip("messages cannot be edited on this platform")
		}
		ref, err := h.Messenger().DM(ctx, h.Member(0), msg("3 going"))
		if err != nil {
			t.Fatal(err)
		}
		h.Deliveries(t)
		if err := e.Edit(ctx, ref, msg("4 going")); err != nil {
			t.Fatalf("Edit: %v", err)
		}
		d := one(t, h.Deliveries(t))
		if !strings.Contains(d.Text, "4 going") {
			t.Errorf("edited text %q", d.Text)
		}
	})
	t.Run("LongMessage", func(t *testing.T) { testLongMessage(t, newHarness) })
	t.Run("ButtonSize", func(t *testing.T) {
		rec := &Recorder{}
		h := newHarness(t, rec)
		// The longest command a button carries, with a character of two
		// bytes so that a limit counted in characters would show.
		cmd := "members unreachable " + strings.Repeat("é", 15) + strings.Repeat("k", 14)
		if len(cmd) != bot.MaxButtonCommand {
			t.Fatalf("test command is %d bytes", len(cmd))
		}
		m := msg("more?")
		m.Buttons = []bot.Button{{Label: "More", Command: cmd}}
		if _, err := h.Messenger().DM(ctx, h.Member(0), m); err != nil {
			t.Fatalf("DM: %v", err)
		}
		d := one(t, h.Deliveries(t))
		h.Press(t, 0, d, 0)
		reqs := rec.Requests()
		if len(reqs) != 1 || reqs[0].Text != cmd || !reqs[0].Button {
			t.Errorf("a %d-byte button command arrived as %+v", len(cmd), reqs)
		}
	})
	t.Run("URLButton", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		const link = "https://t.me/rete_bot?start=join"
		m := msg("join us")
		m.Buttons = []bot.Button{{Label: "Join", URL: link}}
		if _, err := h.Messenger().DM(ctx, h.Member(0), m); err != nil {
			t.Fatalf("DM: %v", err)
		}
		d := one(t, h.Deliveries(t))
		if !slices.ContainsFunc(d.Buttons, func(b bot.Button) bool { return b.URL == link && b.Command == "" }) && !strings.Contains(d.Text, link) {
			t.Errorf("the link button arrived as %+v, text %q: the reader cannot open %s", d.Buttons, d.Text, link)
		}
	})
	t.Run("DMWithoutSpace", func(t *testing.T) {
		rec := &Recorder{}
		h := newHarness(t, rec)
		p, ok := h.(Private)
		if !ok {
			t.Skip("every chat on this platform belongs to a space")
		}
		reply := p.PrivateCommand(t, 0, "profile")
		reqs := rec.Requests()
		if len(reqs) != 1 {
			t.Fatalf("private command gave %d requests, want 1", len(reqs))
		}
		r := reqs[0]
		if r.Space != "" || r.User != h.Member(0).User || r.Text != "profile" || !r.Private {
			t.Errorf("private command became request %+v, want no space, user %s, private", r, h.Member(0).User)
		}
		if !strings.Contains(reply.Text, "ok: profile") || !slices.Contains(reply.To, h.Member(0).User) {
			t.Errorf("private reply %+v", reply)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		h := newHarness(t, &Recorder{})
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := h.Messenger().DM(ctx, h.Member(i%2), msg("parallel"))
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent DM: %v", err)
			}
		}
		if n := len(h.Deliveries(t)); n != 20 {
			t.Errorf("%d deliveries, want 20", n)
		}
	})
}

// testLongMessage sends a message far over any platform's limit, made of
// every kind of block, and checks that it arrives whole, in parts that
// each fit, to the member, with its buttons once.
func testLongMessage(t *testing.T, newHarness func(t *testing.T, rec *Recorder) Harness) {
	h := newHarness(t, &Recorder{})
	to, other := h.Member(0), h.Member(1)
	var markers []string
	mark := func(kind string, i int) string {
		s := fmt.Sprintf("%s%04d", kind, i)
		markers = append(markers, s)
		return s
	}
	var items [][]bot.Span
	for i := range 150 {
		items = append(items, []bot.Span{
			bot.Text(mark("item", i) + " & <b> "),
			{Style: bot.Mention, Text: "Anna", Member: other},
			bot.Text(" offers "), {Style: bot.Link, Text: "a page", URL: "https://example.com/" + strconv.Itoa(i)},
		})
	}
	var pre strings.Builder
	for i := range 120 {
		fmt.Fprintf(&pre, "{\"line\": \"%s\", \"text\": \"<&>\"}\n", mark("json", i))
	}
	var words []string
	for i := range 500 {
		words = append(words, mark("word", i))
	}
	m := bot.Message{Blocks: []bot.Block{
		{Kind: bot.Header, Spans: []bot.Span{bot.Text("Members")}},
		{Kind: bot.List, Items: items},
		{Kind: bot.Pre, Spans: []bot.Span{{Style: bot.Code, Text: strings.TrimSuffix(pre.String(), "\n")}}},
		bot.ParaBlock(bot.Text(strings.Join(words, " "))),
	}, Buttons: []bot.Button{{Label: "More", Command: "members page 2"}}}
	if _, err := h.Messenger().DM(context.Background(), to, m); err != nil {
		t.Fatalf("DM: %v", err)
	}
	ds := h.Deliveries(t)
	if len(ds) == 0 {
		t.Fatal("nothing delivered")
	}
	var all strings.Builder
	for i, d := range ds {
		if !slices.Contains(d.To, to.User) {
			t.Errorf("part %d went to %v, want %s", i, d.To, to.User)
		}
		if l, ok := h.(Limited); ok && d.Size > l.Limit() {
			t.Errorf("part %d of %d has size %d, over the limit %d", i, len(ds), d.Size, l.Limit())
		}
		if len(d.Buttons) > 0 && i != len(ds)-1 {
			t.Errorf("buttons on part %d of %d, want them on the last", i, len(ds))
		}
		all.WriteString(d.Text)
	}
	if last := ds[len(ds)-1]; len(last.Buttons) != 1 {
		t.Errorf("last part has buttons %+v, want the one button", last.Buttons)
	}
	text := all.String()
	for _, mk := range markers {
		if !strings.Contains(text, mk) {
			t.Fatalf("%s was lost in a long message split into %d parts", mk, len(ds))
		}
	}
}

func msg(s string) bot.Message {
	return bot.Message{Blocks: []bot.Block{bot.ParaBlock(bot.Text(s))}}
}

func one(t *testing.T, ds []Delivery) Delivery {
	t.Helper()
	if len(ds) != 1 {
		t.Fatalf("%d deliveries, want 1: %+v", len(ds), ds)
	}
	return ds[0]
}
