// Package console is rete's local terminal adapter: one person at a
// keyboard (or a script on stdin) plays any number of members of a
// community, and sees every reply, DM, group message and channel post the
// bot makes, labelled with its recipients.
//
// Input syntax, one line at a time:
//
//	as NAME [admin]   act as member NAME from now on (admin: a platform admin)
//	arrive NAME       NAME arrives in the space (as joining a channel or a
//	                  group does: rete's welcome) and acts from now on
//	press N           press button [N] of an earlier message
//	wait DURATION     let time pass (3d, 12h): scheduled rounds, follow-ups and reminders fall due
//	# text            a comment, ignored
//	quit              stop (end of input stops too); under serve, close the
//	                  console only: the server keeps running
//	anything else     a rete command, as typed after /rete: "join", "offer add go"
//
// Output: every message starts with a label in brackets saying what it is
// and who receives it: [reply → anna], [dm → marco], [group → anna, marco],
// [post → #events], [edit 3 → anna]. Buttons are listed under their
// message as [N] Label. When input is not a terminal, each input line is
// echoed after "NAME> " so that a piped session reads as a transcript.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/rete-bot/rete/bot"
)

// Platform is the console's platform name.
const Platform = "console"

// DefaultSpace is the console's one space.
const DefaultSpace = "local"

// Options configure a Console.
type Options struct {
	Space string // the space id; DefaultSpace if empty
	As    string // the member acting at start; "admin" if empty
	Echo  bool   // echo input lines (for piped sessions)
	// Advance moves the bot's clock forward for "wait"; nil refuses wait.
	Advance func(d time.Duration)
	// AfterEach runs after every input line: the wiring delivers what fell
	// due (outbox, schedule) so that it shows in order.
	AfterEach func(ctx context.Context)
	// In is where [Console.Run] reads commands; no input if nil.
	In io.Reader
	// Serving: the console is one adapter of `rete serve`. Quit and the end
	// of input then close the console only, and say so: a server started
	// with stdin closed (a service) must not stop at once.
	Serving bool
}

// Console is the terminal adapter. It is a [bot.Messenger], a
// [bot.GroupMessenger] and a [bot.Editor]; [Console.Run] reads commands.
type Console struct {
	space     string
	echo      bool
	advance   func(time.Duration)
	afterEach func(context.Context)
	in        io.Reader
	serving   bool

	mu      sync.Mutex
	out     io.Writer
	holding bool      // a command is being handled: its reply prints first
	held    []printed // messages sent meanwhile, printed after the reply
	as      string
	admin   bool
	names   map[string]string // user id → display name
	buttons []pressable       // index+1 is the number shown
	msgs    int               // message refs handed out
}

// printed is a message to print: its label, its text and who may press
// its buttons.
type printed struct {
	label  string
	msg    bot.Message
	owners []string
}

// pressable is a button shown on screen and who may press it.
type pressable struct {
	button bot.Button
	owners []string // user ids that can press it; empty: anyone
}

// New returns a console writing to out.
func New(out io.Writer, opts Options) *Console {
	c := &Console{space: opts.Space, echo: opts.Echo, advance: opts.Advance, afterEach: opts.AfterEach, in: opts.In, serving: opts.Serving, out: out, names: map[string]string{}}
	if c.space == "" {
		c.space = DefaultSpace
	}
	as := opts.As
	if as == "" {
		as = "admin"
	}
	c.setActing(as, false)
	return c
}

var userIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// userID turns a display name into the console's user id: lower case,
// spaces as dots.
func userID(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), "."))
}

func (c *Console) setActing(name string, admin bool) error {
	id := userID(name)
	if !userIDPattern.MatchString(id) {
		return fmt.Errorf("names are letters, digits, '.', '-' and '_', at most 32")
	}
	c.as, c.admin = id, admin
	if _, ok := c.names[id]; !ok {
		c.names[id] = strings.TrimSpace(name)
	}
	return nil
}

// Platform implements bot.Messenger.
func (c *Console) Platform() string { return Platform }

// DM implements bot.Messenger.
func (c *Console) DM(_ context.Context, to bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	if to.Platform != Platform {
		return bot.MessageRef{}, fmt.Errorf("console: dm to %s member %s", to.Platform, to)
	}
	return c.print("dm → "+to.User, msg, []string{to.User}), nil
}

// Post implements bot.Messenger.
func (c *Console) Post(_ context.Context, space, channel string, msg bot.Message) (bot.MessageRef, error) {
	ref := c.print("post → #"+channel, msg, nil)
	ref.Channel = "#" + channel
	return ref, nil
}

// Group implements bot.GroupMessenger.
func (c *Console) Group(_ context.Context, members []bot.MemberID, msg bot.Message) (bot.MessageRef, error) {
	var ids, labels []string
	for _, m := range members {
		ids = append(ids, m.User)
		labels = append(labels, m.User)
	}
	return c.print("group → "+strings.Join(labels, ", "), msg, ids), nil
}

// Edit implements bot.Editor.
func (c *Console) Edit(_ context.Context, ref bot.MessageRef, msg bot.Message) error {
	var owners []string // a channel post's buttons are anyone's
	if !strings.HasPrefix(ref.Channel, "#") {
		owners = strings.Split(ref.Channel, ", ")
	}
	c.print("edit "+ref.ID+" → "+ref.Channel, msg, owners)
	return nil
}

// print writes a labelled message and numbers its buttons; while a command
// is being handled it is held until the reply is printed. Under serve the
// outbox worker may send what a command caused before the command returns,
// and a reply must not read after the messages it announces.
func (c *Console) print(label string, msg bot.Message, owners []string) bot.MessageRef {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs++
	p := printed{label: label, msg: msg, owners: owners}
	if c.holding {
		c.held = append(c.held, p)
	} else {
		c.write(p)
	}
	return bot.MessageRef{Platform: Platform, Channel: strings.Join(owners, ", "), ID: strconv.Itoa(c.msgs)}
}

// write prints p; c.mu is held.
func (c *Console) write(p printed) {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\n", p.label)
	for _, line := range strings.Split(Render(p.msg), "\n") {
		b.WriteString("  " + line + "\n")
	}
	for _, btn := range p.msg.Buttons {
		c.buttons = append(c.buttons, pressable{button: btn, owners: p.owners})
		if btn.URL != "" {
			fmt.Fprintf(&b, "  [%d] %s <%s>\n", len(c.buttons), sanitize(btn.Label), sanitize(btn.URL))
			continue
		}
		fmt.Fprintf(&b, "  [%d] %s\n", len(c.buttons), sanitize(btn.Label))
	}
	io.WriteString(c.out, b.String())
}

// Render shows a message as terminal text: *bold*, @mentions, bullets.
// Control characters (terminal escapes) in member text are dropped.
func Render(msg bot.Message) string {
	var lines []string
	for _, bl := range msg.Blocks {
		switch bl.Kind {
		case bot.List:
			for _, it := range bl.Items {
				lines = append(lines, "• "+renderSpans(it))
			}
		case bot.Header:
			lines = append(lines, "== "+renderSpans(bl.Spans)+" ==")
		case bot.Context:
			lines = append(lines, "("+renderSpans(bl.Spans)+")")
		case bot.Pre:
			lines = append(lines, sanitize(bot.SpansText(bl.Spans)))
		default:
			lines = append(lines, renderSpans(bl.Spans))
		}
	}
	return strings.Join(lines, "\n")
}

func renderSpans(spans []bot.Span) string {
	var b strings.Builder
	for _, s := range spans {
		t := sanitize(s.Text)
		switch s.Style {
		case bot.Bold:
			b.WriteString("*" + t + "*")
		case bot.Code:
			b.WriteString(t)
		case bot.Mention:
			b.WriteString("@" + t)
		case bot.Link:
			u := sanitize(s.URL)
			if t == "" || t == u {
				b.WriteString(u)
			} else {
				b.WriteString(t + " <" + u + ">")
			}
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

// sanitize drops control characters except new lines and tabs.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// MaxLine is the longest input line the console reads, in bytes; a longer
// one is refused with a note and the session goes on.
const MaxLine = 1 << 20

// inputLine is one line read from the input, or the news that it was over
// MaxLine.
type inputLine struct {
	text    string
	tooLong bool
}

// Run implements kit.Runner: it reads commands from Options.In, as
// [Console.RunFrom] does.
func (c *Console) Run(ctx context.Context, h bot.Handler) error {
	if c.in == nil {
		return nil
	}
	err := c.RunFrom(ctx, c.in, h)
	if c.serving && err == nil && ctx.Err() == nil {
		c.note("console closed; rete keeps serving — stop it with Ctrl-C or SIGTERM")
	}
	return err
}

// Shutdown implements kit.Adapter: the console starts no work of its own.
func (c *Console) Shutdown(context.Context) error { return nil }

// String describes the adapter for the startup log.
func (c *Console) String() string { return "console (stdin)" }

// RunFrom reads commands from in until it ends, ctx is done or "quit",
// and hands each to h as the acting member.
func (c *Console) RunFrom(ctx context.Context, in io.Reader, h bot.Handler) error {
	lines := make(chan inputLine)
	errc := make(chan error, 1)
	go func() {
		errc <- readLines(in, func(l inputLine) bool {
			select {
			case lines <- l:
				return true
			case <-ctx.Done():
				return false
			}
		})
		close(lines)
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case l, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return fmt.Errorf("console: read input: %w", err)
				}
				return nil
			}
			if l.tooLong {
				c.note("that line is over %d MiB and was ignored", MaxLine>>20)
				continue
			}
			if quit := c.line(ctx, l.text, h); quit {
				return nil
			}
			if c.afterEach != nil {
				c.afterEach(ctx)
			}
		}
	}
}

// readLines hands each line of in to emit until in ends or emit returns
// false. A line over MaxLine is skipped to its end, never held whole, so
// that one pasted blob cannot end the session or fill the memory.
func readLines(in io.Reader, emit func(inputLine) bool) error {
	br := bufio.NewReaderSize(in, 64<<10)
	var buf []byte
	tooLong := false
	for {
		frag, more, err := br.ReadLine()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !tooLong && len(buf)+len(frag) > MaxLine {
			tooLong, buf = true, nil
		}
		if !tooLong {
			buf = append(buf, frag...)
		}
		if more {
			continue
		}
		if !emit(inputLine{text: string(buf), tooLong: tooLong}) {
			return nil
		}
		buf, tooLong = buf[:0], false
	}
}

// line runs one input line; it reports whether to stop.
func (c *Console) line(ctx context.Context, line string, h bot.Handler) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	if c.echo {
		c.mu.Lock()
		fmt.Fprintf(c.out, "%s> %s\n", c.as, line)
		c.mu.Unlock()
	}
	if strings.HasPrefix(line, "#") {
		return false
	}
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "quit", "exit":
		return true
	case "as":
		c.cmdAs(rest)
		return false
	case "arrive":
		c.cmdArrive(ctx, rest, h)
		return false
	case "press":
		c.cmdPress(ctx, rest, h)
		return false
	case "wait":
		c.cmdWait(rest)
		return false
	}
	c.handle(ctx, h, strings.TrimPrefix(strings.TrimPrefix(line, "/rete "), "/"), false)
	return false
}

func (c *Console) note(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, "(console: "+format+")\n", args...)
}

func (c *Console) cmdAs(rest string) {
	f := strings.Fields(rest)
	admin := false
	if n := len(f); n > 1 && strings.EqualFold(f[n-1], "admin") {
		admin, f = true, f[:n-1]
	}
	if len(f) == 0 {
		c.note("usage: as NAME [admin]")
		return
	}
	c.mu.Lock()
	err := c.setActing(strings.Join(f, " "), admin)
	c.mu.Unlock()
	if err != nil {
		c.note("%v", err)
	}
}

// cmdArrive tells the core that someone arrived in the console's space,
// as a platform's member-joined event does, and acts as them.
func (c *Console) cmdArrive(ctx context.Context, rest string, h bot.Handler) {
	g, ok := h.(bot.Greeter)
	if rest == "" || !ok {
		c.note("usage: arrive NAME")
		return
	}
	c.mu.Lock()
	err := c.setActing(rest, false)
	a := bot.Arrival{Platform: Platform, Space: c.space, User: c.as, Name: c.names[c.as], Handle: c.as}
	c.mu.Unlock()
	if err != nil {
		c.note("%v", err)
		return
	}
	if err := g.Arrived(ctx, a); err != nil {
		c.note("arrival not recorded: %v", err)
	}
}

func (c *Console) cmdWait(rest string) {
	d, err := bot.ParseDuration(rest)
	if err != nil || d <= 0 {
		c.note("usage: wait DURATION, e.g. wait 3d or wait 12h")
		return
	}
	if c.advance == nil {
		c.note("this console cannot move time")
		return
	}
	c.advance(d)
	c.note("%s later", rest)
}

func (c *Console) cmdPress(ctx context.Context, rest string, h bot.Handler) {
	n, err := strconv.Atoi(strings.Trim(rest, "[] "))
	c.mu.Lock()
	if err != nil || n < 1 || n > len(c.buttons) {
		c.mu.Unlock()
		c.note("usage: press N, where [N] is a button shown above")
		return
	}
	p := c.buttons[n-1]
	as := c.as
	c.mu.Unlock()
	if len(p.owners) > 0 && !contains(p.owners, as) {
		c.note("button [%d] was sent to %s: switch with 'as %s' first", n, strings.Join(p.owners, ", "), p.owners[0])
		return
	}
	if p.button.URL != "" {
		c.note("button [%d] opens %s", n, sanitize(p.button.URL))
		return
	}
	c.handle(ctx, h, p.button.Command, true)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// handle sends one request as the acting member and prints the reply.
func (c *Console) handle(ctx context.Context, h bot.Handler, text string, button bool) {
	c.mu.Lock()
	req := &bot.Request{
		Platform: Platform, Space: c.space, User: c.as, Name: c.names[c.as], Handle: c.as,
		Admin: c.admin, Private: true, CanDM: bot.ReachYes, Text: text, Button: button,
	}
	c.holding = true
	c.mu.Unlock()
	msg := h.Handle(ctx, req)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !msg.IsZero() {
		c.msgs++
		c.write(printed{label: "reply → " + req.User, msg: msg, owners: []string{req.User}})
	}
	for _, p := range c.held {
		c.write(p)
	}
	c.held, c.holding = nil, false
}
