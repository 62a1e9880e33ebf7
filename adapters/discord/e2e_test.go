package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/adapters/discord/discordfake"
	"github.com/rete-bot/rete/bot"
	"github.com/rete-bot/rete/bot/bottest"
	"github.com/rete-bot/rete/store"
)

// The end-to-end tests drive the real core over an in-memory store
// through the adapter, with interactions built as Discord builds them
// (signed over HTTP, or dispatched on the gateway), and read what the
// fake Discord received.

// The members of the e2e server.
var (
	anna, marco, giulia, luca, mod = testMembers[0], testMembers[1], testMembers[2], testMembers[3], testMembers[4]
)

// e2e is a real core wired to the adapter and the fake Discord.
type e2e struct {
	*harness
	b  *bot.Bot
	db *store.DB
}

// newE2E builds the core with one community on the test guild; without
// groupChannel, groups get a DM each.
func newE2E(t *testing.T, gateway, groupChannel bool) *e2e {
	t.Helper()
	db, err := store.Open("", store.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	space := bot.Space{Platform: Platform, ID: testGuild, AnnounceChannel: testChannel}
	x := buildHarness(t, gateway, func(c *Config) {
		if !groupChannel {
			c.GroupChannels = nil
		}
	})
	if groupChannel {
		space.GroupChannel = testGroupChannel
	}
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "UTC"
	b, err := bot.New(bot.Config{
		Store: db, Messengers: []bot.Messenger{x.a},
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{Platform + ":" + mod}, Spaces: []bot.Space{space}, Settings: s}},
	})
	if err != nil {
		t.Fatal(err)
	}
	x.start(t, b)
	return &e2e{harness: x, b: b, db: db}
}

// deliver sends the core's outbox for Discord.
func (e *e2e) deliver(t *testing.T) {
	t.Helper()
	if err := e.b.DeliverDue(context.Background(), Platform); err != nil {
		t.Fatal(err)
	}
}

// must runs a typed command from user in the guild and checks that the
// ephemeral answer contains want.
func (e *e2e) must(t *testing.T, user, line, want string) bottest.Delivery {
	t.Helper()
	i := e.base(user, 2, false, "0")
	i["data"] = commandData(t, line)
	ans := e.send(t, i)
	d := answerDelivery(t, user, ans)
	if !ephemeral(ans) || int(ans["type"].(float64)) != 4 {
		t.Errorf("/%s answered %v, want an ephemeral message (type 4)", line, ans)
	}
	if !strings.Contains(d.Text, want) {
		t.Fatalf("/%s\nanswer %q\nwant it to contain %q", line, d.Text, want)
	}
	return d
}

// press presses a button of a message as user and returns the answer.
func (e *e2e) press(t *testing.T, user string, msg discordfake.Call, b bot.Button) map[string]any {
	t.Helper()
	i := e.base(user, 3, strings.HasPrefix(discordfake.ChannelOf(msg), "7"), "0") // the fake's DM channels start with 7
	i["data"] = map[string]any{"custom_id": buttonPrefix + b.Command, "component_type": 2}
	i["message"] = map[string]any{"id": msg.ID, "channel_id": discordfake.ChannelOf(msg), "content": "x"}
	return e.send(t, i)
}

// suggest asks for autocomplete choices while user types value in the
// option of line's command.
func (e *e2e) suggest(t *testing.T, user, line, value string) []string {
	t.Helper()
	i := e.base(user, 4, false, "0")
	data := commandData(t, line+" x")
	opts := data["options"].([]any)
	o := opts[len(opts)-1].(map[string]any)
	if sub, ok := o["options"].([]any); ok {
		o = sub[len(sub)-1].(map[string]any)
	}
	o["value"], o["focused"] = value, true
	i["data"] = data
	ans := e.send(t, i)
	if ans["type"].(float64) != 8 {
		t.Fatalf("autocomplete answered %v, want type 8", ans)
	}
	var out []string
	for _, c := range ans["data"].(map[string]any)["choices"].([]any) {
		out = append(out, c.(map[string]any)["value"].(string))
	}
	return out
}

var reThreadsAny = regexp.MustCompile(`/threads$`)

func TestEndToEnd(t *testing.T) {
	t.Parallel() // a gateway closes in a second (discordgo waits for the server)
	for _, gw := range []bool{false, true} {
		t.Run(map[bool]string{false: "HTTP", true: "Gateway"}[gw], func(t *testing.T) { runEndToEnd(t, gw) })
	}
}

func runEndToEnd(t *testing.T, gateway bool) {
	e := newE2E(t, gateway, true)
	f := e.fake
	if gateway {
		if intents := f.Ready(t); intents != 1 {
			t.Errorf("gateway intents %d, want guilds (1) only", intents)
		}
	}
	checkRegistered(t, f)

	// Members join and say what they offer and seek, helped by autocomplete.
	for _, u := range []string{anna, marco, giulia, luca} {
		e.must(t, u, "join", "Welcome to Labbit")
	}
	if got := e.suggest(t, anna, "offer add", "kub"); !slices.Contains(got, "kubernetes") {
		t.Errorf("autocomplete of kub suggests %v", got)
	}
	e.must(t, anna, "offer add go, kubernetes", "go")
	e.must(t, anna, "seek add ux design", "ux design")
	e.must(t, marco, "offer add ux design", "ux design")
	e.must(t, marco, "seek add go", "go")
	e.must(t, giulia, "offer add go", "go")
	e.must(t, luca, "offer add product", "product")
	if got := e.suggest(t, marco, "find", "pro"); len(got) == 0 || got[0] != "product" {
		t.Errorf("autocomplete of pro suggests %v, want the community's product first", got)
	}
	found := e.must(t, marco, "find go", "go")
	for _, u := range []string{anna, giulia} {
		if !strings.Contains(found.Text, "<@"+u+">") {
			t.Errorf("find go lacks %s:\n%s", u, found.Text)
		}
	}

	// An intro, accepted with a button: the pair meets in a private thread.
	mark := f.Mark()
	e.must(t, anna, "intro member @"+marco+" I need help with ux [link](https://evil.example)", "Request 1 sent")
	e.deliver(t)
	msgs := f.Messages(mark)
	if len(msgs) != 1 || discordfake.ChannelOf(msgs[0]) != "7"+marco {
		t.Fatalf("the request did not reach marco's DM: %+v", msgs)
	}
	req := discordfake.Delivery([]string{marco}, msgs[0].Body)
	if !strings.Contains(req.Text, "[link](https://evil.example)") || strings.Contains(msgs[0].Body["content"].(string), "[link](") {
		t.Errorf("the request's member text is not shown as typed or not escaped:\n%s", msgs[0].Body["content"])
	}
	accept := slices.IndexFunc(req.Buttons, func(b bot.Button) bool { return b.Command == "intro accept 1" })
	if accept < 0 {
		t.Fatalf("request DM has no Accept button: %+v", req.Buttons)
	}
	ans := e.press(t, marco, msgs[0], req.Buttons[accept])
	if ans["type"].(float64) != 7 || !strings.Contains(answerDelivery(t, marco, ans).Text, "now in touch") {
		t.Errorf("accept did not update the request (type 7): %v", ans)
	}
	mark = f.Mark()
	e.deliver(t)
	threads := f.Since(mark, "POST", reThreadsAny)
	if len(threads) != 1 || threads[0].Path != "/api/v9/channels/"+testGroupChannel+"/threads" {
		t.Fatalf("want one private thread in the group channel, got %+v", threads)
	}
	if threads[0].Body["type"].(float64) != 12 {
		t.Errorf("thread type %v, want a private thread (12)", threads[0].Body["type"])
	}
	in := f.Recipients(threads[0].ID)
	slices.Sort(in)
	if !slices.Equal(in, []string{anna, marco}) {
		t.Errorf("thread members %v, want anna and marco", in)
	}
	tm := f.Messages(mark)
	if len(tm) != 1 || discordfake.ChannelOf(tm[0]) != threads[0].ID {
		t.Fatalf("in-touch message %+v", tm)
	}
	if d := discordfake.Delivery(in, tm[0].Body); !slices.Contains(d.Pings, anna) || !slices.Contains(d.Pings, marco) {
		t.Errorf("the thread's message pings %v, want anna and marco", d.Pings)
	}

	// A round by a moderator from the config list.
	e.must(t, anna, "round now", "Only moderators")
	mark = f.Mark()
	e.must(t, mod, "round now", "2 groups")
	e.deliver(t)
	var paired []string
	for _, th := range f.Since(mark, "POST", reThreadsAny) {
		paired = append(paired, f.Recipients(th.ID)...)
	}
	slices.Sort(paired)
	if want := []string{anna, marco, giulia, luca}; !slices.Equal(paired, want) {
		t.Errorf("the round's threads hold %v, want %v", paired, want)
	}
	for _, m := range f.Messages(mark) {
		if strings.HasPrefix(discordfake.ChannelOf(m), "7") {
			t.Errorf("round message to a DM %s, want threads only", discordfake.ChannelOf(m))
		}
	}

	// An announcement through the modal, with RSVP buttons editing the count.
	i := e.base(mod, 2, false, "32")
	i["data"] = map[string]any{"id": "1", "name": "announce", "type": 1}
	modal := e.send(t, i)
	if modal["type"].(float64) != 9 || modal["data"].(map[string]any)["custom_id"] != announceModalID || modal["data"].(map[string]any)["title"] != "Announce an event" {
		t.Fatalf("/announce answered %v, want the modal", modal)
	}
	when := time.Now().UTC().AddDate(0, 0, 10).Format("2006-01-02") + " 18:30"
	submit := e.base(mod, 5, false, "32")
	var rows []any
	for id, v := range map[string]string{fieldTitle: "Aperitivo | rete", fieldWhen: when, fieldPlace: "Bar Centrale, Roma", fieldDetails: "Bring cards\nand @everyone friends"} {
		rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": id, "value": v}}})
	}
	submit["data"] = map[string]any{"custom_id": announceModalID, "components": rows}
	ans = e.send(t, submit)
	if d := answerDelivery(t, mod, ans); !ephemeral(ans) || !strings.Contains(d.Text, "Event 1 announced: Aperitivo / rete") {
		t.Errorf("modal submission answered %v", ans)
	}
	mark = f.Mark()
	e.deliver(t)
	posts := f.Messages(mark)
	if len(posts) != 1 || discordfake.ChannelOf(posts[0]) != testChannel {
		t.Fatalf("announcement posts %+v", posts)
	}
	post := discordfake.Delivery([]string{"#" + testChannel}, posts[0].Body)
	for _, want := range []string{"Aperitivo / rete", "18:30", "Bar Centrale, Roma", "and @everyone friends", "Going: 0"} {
		if !strings.Contains(post.Text, want) {
			t.Errorf("announcement lacks %q:\n%s", want, post.Text)
		}
	}
	if len(post.Pings) != 0 {
		t.Errorf("announcement pings %v", post.Pings)
	}
	going := slices.IndexFunc(post.Buttons, func(b bot.Button) bool { return b.Command == "rsvp 1 yes" })
	if going < 0 {
		t.Fatalf("announcement buttons %+v", post.Buttons)
	}
	for n, u := range []string{giulia, luca} {
		mark = f.Mark()
		ans := e.press(t, u, posts[0], post.Buttons[going])
		if !ephemeral(ans) || !strings.Contains(answerDelivery(t, u, ans).Text, "You are going to Aperitivo / rete") {
			t.Errorf("rsvp answer %v", ans)
		}
		e.deliver(t)
		edits := f.Since(mark, "PATCH", discordfake.MessagePath)
		if len(edits) != 1 || edits[0].Path != posts[0].Path+"/"+posts[0].ID || !strings.Contains(discordfake.Delivery(nil, edits[0].Body).Text, fmt.Sprintf("Going: %d", n+1)) {
			t.Errorf("post after rsvp %d: %+v", n+1, edits)
		}
	}
	e.must(t, anna, "events", "2 going")

	for _, c := range f.Since(0, "POST", discordfake.MessagesPath) {
		if c.Auth != "Bot "+testToken {
			t.Errorf("a call without the bot token: %s", c.Path)
		}
	}
}

// checkRegistered checks that the commands registered in the guild are
// kit's golden file.
func checkRegistered(t *testing.T, f *discordfake.Server) {
	t.Helper()
	puts := f.Since(0, "PUT", regexp.MustCompile(`^/api/v9/applications/`+testApp+`/guilds/`+testGuild+`/commands$`))
	if len(puts) != 1 {
		t.Fatalf("%d command registrations in the guild, want 1", len(puts))
	}
	golden, err := os.ReadFile("../kit/testdata/discord_commands.json")
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(golden, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(puts[0].Raw, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the registered commands differ from adapters/kit/testdata/discord_commands.json")
	}
}

// TestRoundWithoutGroupChannelDMsEach: without a group channel the round
// DMs each member, and a member with closed DMs is marked unreachable
// without stopping the round.
func TestRoundWithoutGroupChannelDMsEach(t *testing.T) {
	e := newE2E(t, false, false)
	f := e.fake
	for _, u := range []string{anna, marco, giulia, testClosed} {
		e.must(t, u, "join", "Welcome")
	}
	mark := f.Mark()
	e.must(t, mod, "round now", "2 groups")
	e.deliver(t)
	if n := len(f.Since(mark, "POST", reThreadsAny)); n != 0 {
		t.Errorf("%d threads without a group channel", n)
	}
	var got []string
	for _, m := range f.Messages(mark) {
		if m.ID != "" {
			got = append(got, f.Recipients(discordfake.ChannelOf(m))...)
		}
	}
	slices.Sort(got)
	if want := []string{anna, marco, giulia}; !slices.Equal(got, want) {
		t.Errorf("round DMs reached %v, want %v", got, want)
	}
	var closed *bot.Member
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		closed, err = tx.Member("labbit", bot.MemberID{Platform: Platform, Space: testGuild, User: testClosed})
		return err
	})
	if err != nil || closed.Status != bot.StatusUnreachable {
		t.Errorf("the member with closed DMs: %+v %v, want unreachable", closed, err)
	}
	mark = f.Mark()
	e.deliver(t) // nothing is retried for the closed member
	if n := len(f.Messages(mark)); n != 0 {
		t.Errorf("%d messages after the round", n)
	}
	// A moderator by the server's permissions (Manage Server), not the config list.
	i := e.base(giulia, 2, false, "32")
	i["data"] = commandData(t, "round preview")
	if d := answerDelivery(t, giulia, e.send(t, i)); strings.Contains(d.Text, "Only moderators") {
		t.Errorf("a member with Manage Server is refused: %s", d.Text)
	}
	creates := f.Since(0, "POST", regexp.MustCompile(`^/api/v9/users/@me/channels$`))
	seen := map[string]int{}
	for _, c := range creates {
		seen[c.Body["recipient_id"].(string)]++
	}
	for u, n := range seen {
		if n > 1 {
			t.Errorf("DM channel with %s created %d times, want once (cached)", u, n)
		}
	}
}
