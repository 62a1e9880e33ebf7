package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// postFake is a fakeMessenger that also records channel posts and edits
// them (an Editor).
type postFake struct {
	*fakeMessenger
	pmu   sync.Mutex
	posts []bot.Message          // in order
	chans []string               // channel of each post
	edits map[string]bot.Message // post ref id → latest edit
	nedit int                    // Edit calls
	dmMsg map[string][]bot.Message
}

func newPostFake() *postFake {
	return &postFake{fakeMessenger: newFake(), edits: map[string]bot.Message{}, dmMsg: map[string][]bot.Message{}}
}

func (p *postFake) DM(ctx context.Context, to bot.MemberID, m bot.Message) (bot.MessageRef, error) {
	ref, err := p.fakeMessenger.DM(ctx, to, m)
	if err == nil {
		p.pmu.Lock()
		p.dmMsg[to.User] = append(p.dmMsg[to.User], m)
		p.pmu.Unlock()
	}
	return ref, err
}

func (p *postFake) Post(_ context.Context, _, channel string, m bot.Message) (bot.MessageRef, error) {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	p.posts = append(p.posts, m)
	p.chans = append(p.chans, channel)
	return bot.MessageRef{Platform: "test", Channel: channel, ID: fmt.Sprint("p", len(p.posts))}, nil
}

func (p *postFake) Edit(_ context.Context, ref bot.MessageRef, m bot.Message) error {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	p.edits[ref.ID] = m
	p.nedit++
	return nil
}

// post returns the current text of post n (1-based): the latest edit, else
// as posted.
func (p *postFake) post(n int) string {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	if m, ok := p.edits[fmt.Sprint("p", n)]; ok {
		return m.PlainText()
	}
	if n > len(p.posts) {
		return ""
	}
	return p.posts[n-1].PlainText()
}

// eventBot is a bot over db with an announce channel and a public URL.
func eventBot(t *testing.T, e *env, m bot.Messenger) *bot.Bot {
	t.Helper()
	s := bot.DefaultSettings()
	s.Name, s.Timezone = "Labbit", "Europe/Rome"
	b, err := bot.New(bot.Config{Store: e.db, Now: e.clock.Now, Messengers: []bot.Messenger{m}, PublicURL: "https://rete.example/",
		Communities: []bot.Community{{ID: "labbit", Moderators: []string{"test:mod"},
			Spaces: []bot.Space{{Platform: "test", ID: "S1", AnnounceChannel: "C1"}}, Settings: s}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// eventEnv is a community with an announce channel and joined members;
// the clock is Friday 2026-11-27 10:00 UTC (11:00 in Rome).
func eventEnv(t *testing.T, users ...string) (*env, *postFake) {
	t.Helper()
	f := newPostFake()
	e := &env{t: t, db: openDB(t), clock: &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}}
	e.bot = eventBot(t, e, f)
	for _, u := range users {
		e.must(u, "join", "Welcome")
	}
	return e, f
}

// pressEvent runs a button's command as user, in public (a channel post) or in
// private (a DM).
func (e *env) pressEvent(user, command string, private bool) bot.Message {
	e.t.Helper()
	return e.bot.Handle(context.Background(), &bot.Request{Platform: "test", Space: "S1", User: user, Name: user, Private: private, Button: true, Text: command})
}

// event reads an event of labbit.
func (e *env) event(id string) *bot.Event {
	e.t.Helper()
	var ev *bot.Event
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		var err error
		ev, err = tx.Event("labbit", id)
		return err
	}); err != nil {
		e.t.Fatalf("event %s: %v", id, err)
	}
	return ev
}

// counts returns how many events labbit has and how many outbox entries
// are pending.
func (e *env) counts() (events, pending int) {
	e.t.Helper()
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Events("labbit", func(*bot.Event) error { events++; return nil }); err != nil {
			return err
		}
		return tx.Pending("test", func(*bot.OutboxEntry) error { pending++; return nil })
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return events, pending
}

func TestEventAnnounceRSVPAndLiveCount(t *testing.T) {
	e, f := eventEnv(t, "anna", "marco", "giulia")
	e.must("marco", "notify events on", "also get event announcements")
	got := e.must("mod", "announce Aperitivo | 2026-12-10 18:30 | Bar Centrale, Roma | Bring cards", "Event 1 announced: Aperitivo, Thu 10 Dec 2026, 18:30 CET. Posted to 1 channel.")
	_ = got
	e.deliver()
	if len(f.posts) != 1 || f.chans[0] != "C1" {
		t.Fatalf("posts %d, channels %q", len(f.posts), f.chans)
	}
	post := f.posts[0]
	for _, want := range []string{"Aperitivo", "When: Thu 10 Dec 2026, 18:30 CET", "Where: Bar Centrale, Roma", "Bring cards", "Going: 0", "https://rete.example/events/labbit-1-"} {
		if !strings.Contains(post.PlainText(), want) {
			t.Errorf("post lacks %q:\n%s", want, post.PlainText())
		}
	}
	if len(post.Buttons) != 2 || post.Buttons[0].Command != "rsvp 1 yes" || post.Buttons[1].Command != "rsvp 1 no" {
		t.Fatalf("post buttons %+v", post.Buttons)
	}
	// marco asked for announcements by DM; anna did not.
	if txt := f.texts("marco"); len(txt) != 1 || !strings.Contains(txt[0], "New event in Labbit") || len(f.dmMsg["marco"][0].Buttons) != 2 {
		t.Errorf("marco's DMs: %q", txt)
	}
	if txt := f.texts("anna"); len(txt) != 0 {
		t.Errorf("anna got DMs: %q", txt)
	}
	e.must("anna", "events", "1: Aperitivo — Thu 10 Dec 2026, 18:30 CET, Bar Centrale, Roma — 0 going")

	// The post's button: the shared post is edited, not replaced.
	reply := e.pressEvent("anna", post.Buttons[0].Command, false)
	if !strings.Contains(reply.PlainText(), "You are going to Aperitivo") || reply.Replace {
		t.Errorf("press in the channel: %+v", reply)
	}
	e.deliver() // the edit goes through the outbox
	if got := f.post(1); !strings.Contains(got, "Going: 1") {
		t.Errorf("post after anna's rsvp:\n%s", got)
	}
	// The DM's button replaces the DM.
	reply = e.pressEvent("marco", f.dmMsg["marco"][0].Buttons[0].Command, true)
	if !reply.Replace || !strings.Contains(reply.PlainText(), "Going: 2") {
		t.Errorf("press in a DM: %+v", reply)
	}
	e.deliver() // the edit goes through the outbox
	if got := f.post(1); !strings.Contains(got, "Going: 2") {
		t.Errorf("post after marco's rsvp:\n%s", got)
	}
	e.must("marco", "rsvp 1 no", "you are not going to Aperitivo")
	e.deliver() // the edit goes through the outbox
	if got := f.post(1); !strings.Contains(got, "Going: 1") {
		t.Errorf("post after marco's no:\n%s", got)
	}
	got = e.must("anna", "events", "1 going")
	if !strings.Contains(got, "(you are going)") {
		t.Errorf("events for anna: %s", got)
	}
	e.must("marco", "notify events off", "No more event announcements")
	if e.member("marco").NotifyEvents {
		t.Error("notify events off did not stick")
	}
}

// TestEventPostRenderedLate: an RSVP made before the post is sent shows in
// it, and one made while it was being sent is fixed by an edit.
func TestEventPostRenderedLate(t *testing.T) {
	e, f := eventEnv(t, "anna")
	e.must("mod", "announce Talk | 2026-12-10 18:30 | https://meet.example/x", "Event 1 announced")
	e.must("anna", "rsvp 1 yes", "You are going")
	e.deliver()
	if got := f.post(1); !strings.Contains(got, "Going: 1") || !strings.Contains(got, "Where: https://meet.example/x") {
		t.Errorf("post:\n%s", got)
	}
	if refs := e.event("1").Posts; len(refs) != 1 || refs[0].ID != "p1" || refs[0].Channel != "C1" {
		t.Errorf("recorded posts %+v", refs)
	}
}

func TestEventBadInput(t *testing.T) {
	e, _ := eventEnv(t, "anna")
	e.must("mod", "announce Old | tomorrow 18:30 | Bar", "Event 1 announced")
	e.must("mod", "event cancel 1", "Event 1 (Old) is canceled")
	e.deliver()
	wantEvents, wantPending := e.counts()
	tests := []struct {
		name, user, text, want string
	}{
		{"announce by a member", "anna", "announce Party | 2026-12-10 18:30 | Bar", "Only moderators can use 'announce'"},
		{"in the past", "mod", "announce Party | 2026-11-26 18:30 | Bar", "2026-11-26 18:30 Europe/Rome is in the past."},
		{"earlier today", "mod", "announce Party | today 09:00 | Bar", "is in the past"},
		{"31 February", "mod", "announce Party | 31/02/2027 18:30 | Bar", "31/02/2027 is not a real date."},
		{"DST gap", "mod", "announce Party | 2027-03-28 02:30 Europe/Rome | Bar", "2027-03-28 02:30 does not exist in Europe/Rome"},
		{"DST repeated hour", "mod", "announce Party | 2027-10-31 02:30 | Bar", "2027-10-31 02:30 happens twice in Europe/Rome"},
		{"no time", "mod", "announce Party | next friday | Bar", "Could not read the date 'next friday'; try 2026-12-10 18:30"},
		{"two-digit year", "mod", "announce Party | 10/12/26 18:30 | Bar", "'10/12/26' has no four-digit year"},
		{"gibberish when", "mod", "announce Party | someday soon | Bar", "Could not read the date 'someday soon'"},
		{"bad time", "mod", "announce Party | 2026-12-10 25:00 | Bar", "Could not read the date '2026-12-10 25:00'"},
		{"unknown zone", "mod", "announce Party | 2026-12-10 18:30 Mars/Olympus | Bar", "'Mars/Olympus' is not a time zone"},
		{"bad length", "mod", "announce Party | 2026-12-10 18:30 for ever | Bar", "'ever' is not a length"},
		{"too far", "mod", "announce Party | 2030-12-10 18:30 | Bar", "more than two years away"},
		{"1000-char title", "mod", "announce " + strings.Repeat("x", 1000) + " | 2026-12-10 18:30 | Bar", "You gave 1000 characters for the event's title; the limit is 200."},
		{"control characters", "mod", "announce Par\x1b[31mty | 2026-12-10 18:30 | Bar", "The event's title cannot contain control characters."},
		{"two fields", "mod", "announce Party | 2026-12-10 18:30", "Give the event as announce TITLE | WHEN | PLACE [| DETAILS], for example"},
		{"empty place", "mod", "announce Party | 2026-12-10 18:30 |  ", "Nothing was given for the event's place."},
		{"rsvp to a canceled event", "anna", "rsvp 1 yes", "Event 1 (Old) is canceled."},
		{"rsvp to an unknown event", "anna", "rsvp 42 yes", "There is no event 42"},
		{"rsvp to a non-number", "anna", "rsvp abc yes", "There is no event abc"},
		{"rsvp by a non-member", "zoe", "rsvp 1 yes", "type join first"},
		{"cancel twice", "mod", "event cancel 1", "Event 1 (Old) is canceled."},
		{"edit a canceled event", "mod", "event edit 1 title New", "Event 1 (Old) is canceled."},
		{"edit into the past", "mod", "event edit 1 when 2020-01-01 10:00", "is in the past"},
		{"intros of a canceled event", "mod", "event intros 1", "Event 1 (Old) is canceled."},
		{"cancel by a member", "anna", "event cancel 1", "Only moderators can use 'event'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			e.must(tt.user, tt.text, tt.want)
		})
	}
	e.t = t
	if ev, p := e.counts(); ev != wantEvents || p != wantPending {
		t.Errorf("bad input stored something: %d events, %d pending (want %d, %d)", ev, p, wantEvents, wantPending)
	}
	if ev := e.event("1"); len(ev.RSVPs) != 0 || ev.Title != "Old" {
		t.Errorf("event 1 changed: %+v", ev)
	}
}

func TestEventAcceptedForms(t *testing.T) {
	e, _ := eventEnv(t)
	tests := []struct{ when, want string }{
		{"2026-12-10 18:30", "Thu 10 Dec 2026, 18:30 CET."},
		{"10/12/2026 18:30", "Thu 10 Dec 2026, 18:30 CET."},
		{"tomorrow 18:30", "Sat 28 Nov 2026, 18:30 CET."},
		{"domani 9:05", "Sat 28 Nov 2026, 09:05 CET."},
		{"2026-12-10 18:30 Europe/London", "Thu 10 Dec 2026, 18:30 GMT."},
		{"2026-12-10 18:30 for 2h", "Thu 10 Dec 2026, 18:30 CET (2h)."},
		{"2026-12-10 18:30 Europe/London per 90m", "Thu 10 Dec 2026, 18:30 GMT (1h30m)."},
		{"2027-10-31 03:30", "Sun 31 Oct 2027, 03:30 CET."},
	}
	for i, tt := range tests {
		e.must("mod", "announce Party | "+tt.when+" | Bar", fmt.Sprintf("Event %d announced: Party, %s", i+1, tt.want))
	}
	if ev := e.event("5"); ev.TZ != "Europe/London" || !ev.Start.Equal(time.Date(2026, 12, 10, 18, 30, 0, 0, time.UTC)) {
		t.Errorf("event 5: %s %s", ev.Start, ev.TZ)
	}
}

// TestEventEveryoneIsText: a title with @everyone is accepted and stays a
// plain span wherever it is shown.
func TestEventEveryoneIsText(t *testing.T) {
	e, f := eventEnv(t, "anna")
	e.must("anna", "notify events on", "also get")
	e.must("mod", "announce @everyone party <!channel> *now* | 2026-12-10 18:30 | @here bar", "Event 1 announced: @everyone party <!channel> *now*")
	e.deliver()
	for _, m := range []bot.Message{f.posts[0], f.dmMsg["anna"][0]} {
		found := 0
		for _, bl := range m.Blocks {
			for _, s := range bl.Spans {
				if strings.Contains(s.Text, "@everyone") || strings.Contains(s.Text, "@here") {
					found++
					if s.Style != bot.Plain {
						t.Errorf("member text in a %v span: %+v", s.Style, s)
					}
				}
			}
		}
		if found != 2 {
			t.Errorf("title and place found in %d spans:\n%s", found, m.PlainText())
		}
	}
}

func TestEventReminderOnceAcrossRestart(t *testing.T) {
	e, f := eventEnv(t, "anna", "marco", "giulia")
	// Starts 2026-11-30 18:30 Rome = 17:30 UTC; reminder at 2026-11-29 17:30 UTC.
	e.must("mod", "announce Cena | 2026-11-30 18:30 | Trattoria", "Event 1 announced")
	e.must("anna", "rsvp 1 yes", "I will remind you 1 day before.")
	e.must("marco", "rsvp 1 yes", "I will remind you")
	e.must("marco", "rsvp 1 no", "not going")
	e.deliver()
	e.clock.t = time.Date(2026, 11, 29, 17, 29, 0, 0, time.UTC)
	e.deliver()
	if txt := f.texts("anna"); len(txt) != 0 {
		t.Fatalf("reminder early: %q", txt)
	}
	// Restart: a new bot over the same store.
	e.bot = eventBot(t, e, f)
	e.clock.Add(2 * time.Minute)
	e.deliver()
	e.deliver()
	txt := f.texts("anna")
	if len(txt) != 1 || !strings.Contains(txt[0], "Reminder: Cena is on Mon 30 Nov 2026, 18:30 CET.") {
		t.Fatalf("anna's reminders: %q", txt)
	}
	if txt := f.texts("marco"); len(txt) != 0 {
		t.Errorf("marco, no longer going, got %q", txt)
	}
	// Going after the reminder time: no reminder.
	got := e.must("giulia", "rsvp 1 yes", "You are going")
	if strings.Contains(got, "remind") {
		t.Errorf("late rsvp promises a reminder: %s", got)
	}
	e.bot = eventBot(t, e, f)
	e.clock.Add(time.Hour)
	e.deliver()
	if n := len(f.texts("anna")) + len(f.texts("giulia")); n != 1 {
		t.Errorf("after restart: %d messages, want only anna's one reminder", n)
	}
	// After the start RSVPs are refused and the event is no longer listed.
	e.clock.t = time.Date(2026, 11, 30, 17, 30, 0, 0, time.UTC)
	e.must("marco", "rsvp 1 yes", "Event 1 (Cena) has already started.")
	e.must("anna", "events", "No upcoming events.")
}

func TestEventEditMovesReminder(t *testing.T) {
	e, f := eventEnv(t, "anna", "marco")
	e.must("mod", "announce Cena | 2026-12-01 19:00 | Trattoria", "Event 1 announced")
	e.must("anna", "rsvp 1 yes", "remind you")
	e.must("mod", "event edit 1 when 2026-12-03 19:00 for 2h", "Event 1: date and time changed from 'Tue 1 Dec 2026, 19:00 CET' to 'Thu 3 Dec 2026, 19:00 CET (2h)'; 1 attendee was told.")
	e.must("mod", "event edit 1 place Osteria, Via Roma 1", "from 'Trattoria' to 'Osteria, Via Roma 1'")
	e.must("mod", "event edit 1 place Osteria, Via Roma 1", "the event already has the same place")
	e.must("mod", "event edit 1 title "+strings.Repeat("y", 201), "You gave 201 characters for the event's title")
	e.must("mod", "event edit 1 when 2027-03-28 02:30", "does not exist in Europe/Rome")
	e.deliver()
	txt := f.texts("anna")
	if len(txt) != 2 || !strings.Contains(txt[0], "changed its date and time: Cena") || !strings.Contains(txt[0], "before: Tue 1 Dec 2026, 19:00 CET") ||
		!strings.Contains(txt[1], "now: Osteria, Via Roma 1") {
		t.Fatalf("anna's change DMs: %q", txt)
	}
	// The old reminder time passes silently; the new one reminds once.
	e.clock.t = time.Date(2026, 11, 30, 18, 1, 0, 0, time.UTC)
	e.deliver()
	if n := len(f.texts("anna")); n != 2 {
		t.Fatalf("reminder at the old time: %q", f.texts("anna"))
	}
	e.clock.t = time.Date(2026, 12, 2, 18, 1, 0, 0, time.UTC)
	e.deliver()
	txt = f.texts("anna")
	if len(txt) != 3 || !strings.Contains(txt[2], "Reminder: Cena is on Thu 3 Dec 2026, 19:00 CET (2h).") || !strings.Contains(txt[2], "Osteria") {
		t.Fatalf("reminder: %q", txt)
	}
	if len(f.texts("marco")) != 0 {
		t.Errorf("marco, not going, got %q", f.texts("marco"))
	}
	if ev := e.event("1"); ev.Edits != 2 || ev.Duration != 2*time.Hour {
		t.Errorf("event after edits: %+v", ev)
	}
}

// TestRemindBeforeChangeMovesReminders: a new events.remind_before moves
// the reminders not yet due, and one already due is not sent again.
func TestRemindBeforeChangeMovesReminders(t *testing.T) {
	e, f := eventEnv(t, "anna", "marco", "giulia")
	// Clock: 2026-11-27 10:00 UTC. Cena starts 2026-12-01 18:00 UTC
	// (19:00 Rome): reminder 1d before, 2026-11-30 18:00 UTC. Pranzo
	// starts 2026-11-28 11:00 UTC: its reminder came due at 11:00 today.
	e.must("mod", "announce Cena | 2026-12-01 19:00 | Trattoria", "Event 1 announced")
	e.must("mod", "announce Pranzo | 2026-11-28 12:00 | Bar", "Event 2 announced")
	e.must("anna", "rsvp 1 yes", "I will remind you 1 day before.")
	e.must("marco", "rsvp 1 yes", "remind you")
	e.must("marco", "rsvp 1 no", "not going")
	e.clock.t = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)
	e.must("giulia", "rsvp 2 yes", "remind you")
	e.clock.t = time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	e.deliver()
	if txt := f.texts("giulia"); len(txt) != 1 || !strings.Contains(txt[0], "Reminder: Pranzo") {
		t.Fatalf("giulia's reminder: %q", txt)
	}
	e.must("mod", "config events.remind_before 3d", "events.remind_before")
	// Cena's reminder is now due at 2026-11-28 18:00 UTC.
	e.clock.t = time.Date(2026, 11, 28, 18, 1, 0, 0, time.UTC)
	e.deliver()
	if txt := f.texts("anna"); len(txt) != 1 || !strings.Contains(txt[0], "Reminder: Cena") {
		t.Fatalf("anna's reminder 3d before: %q", txt)
	}
	// The old time passes silently, and nobody else is reminded.
	e.clock.t = time.Date(2026, 11, 30, 18, 1, 0, 0, time.UTC)
	e.deliver()
	for u, want := range map[string]int{"anna": 1, "marco": 0, "giulia": 1} {
		if txt := f.texts(u); len(txt) != want {
			t.Errorf("%s got %d messages in all, want %d: %q", u, len(txt), want, txt)
		}
	}
}

func TestEventCancel(t *testing.T) {
	e, f := eventEnv(t, "anna", "marco")
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
	e.deliver()
	e.must("anna", "rsvp 1 yes", "You are going")
	e.must("marco", "rsvp 1 no", "not going")
	e.must("mod", "event cancel 1", "Event 1 (Cena) is canceled; 1 attendee was told.")
	e.deliver()
	if txt := f.texts("anna"); len(txt) != 1 || !strings.Contains(txt[0], "Canceled: Cena, planned for Thu 10 Dec 2026, 19:00 CET") {
		t.Errorf("anna: %q", txt)
	}
	if len(f.texts("marco")) != 0 {
		t.Errorf("marco: %q", f.texts("marco"))
	}
	got := f.post(1)
	if !strings.Contains(got, "CANCELED: Cena") || f.edits["p1"].Buttons != nil {
		t.Errorf("post after cancel:\n%s\nbuttons %+v", got, f.edits["p1"].Buttons)
	}
	e.must("anna", "events", "No upcoming events.")
	e.clock.Add(10 * 24 * time.Hour)
	e.deliver()
	if n := len(f.texts("anna")); n != 1 {
		t.Errorf("reminder after cancel: %q", f.texts("anna"))
	}
}

func TestEventIntros(t *testing.T) {
	f := newPostFake()
	e := roundEnv(t, 4, f)
	e.bot = eventBot(t, e, f)
	e.must("mod", "round now", "2 groups")
	e.deliver()
	var weekly *bot.Round
	var before *bot.State
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Rounds("labbit", func(r *bot.Round) error { weekly = r; return nil }); err != nil {
			return err
		}
		var err error
		before, err = tx.State("labbit")
		return err
	})
	if err != nil || weekly == nil {
		t.Fatal(weekly, err)
	}
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
	e.must("mod", "event intros 1", "Event 1 has not started yet")
	for i := range 4 {
		e.must(fmt.Sprintf("m%02d", i), "rsvp 1 yes", "You are going")
	}
	e.must("mod", "event intros 1", "Event 1 has not started yet")
	e.clock.Add(14 * 24 * time.Hour) // the evening of the dinner is over
	if got := e.must("mod", "event intros 1", "Attendees of event 1 (Cena): 2 groups"); strings.Contains(got, "not in a group") {
		t.Errorf("everyone is grouped, yet: %s", got)
	}
	e.must("mod", "event intros 1", "already introduced")
	e.deliver()
	for i := range 4 {
		u := fmt.Sprintf("m%02d", i)
		txt := f.texts(u)
		if !slices.ContainsFunc(txt, func(s string) bool { return strings.Contains(s, "You are going to Cena: meet @") }) {
			t.Errorf("%s: %q", u, txt)
		}
	}
	ev := e.event("1")
	for _, g := range ev.Groups {
		for _, wg := range weekly.Groups {
			if wg.Has(g.Members[0]) && wg.Has(g.Members[1]) {
				t.Errorf("event pair %v repeats the weekly pair %v", g.Members, wg.Members)
			}
		}
	}
	var after *bot.State
	rounds := 0
	err = e.db.View(context.Background(), func(tx bot.Tx) error {
		if err := tx.Rounds("labbit", func(*bot.Round) error { rounds++; return nil }); err != nil {
			return err
		}
		var err error
		after, err = tx.State("labbit")
		return err
	})
	if err != nil || rounds != 1 || after.Rounds != before.Rounds {
		t.Errorf("weekly rounds disturbed: %d rounds, state %+v → %+v, %v", rounds, before, after, err)
	}
	e.must("mod", "stats", "Rounds: 1;")

	// The next weekly round counts the event's pairs as met: with 4
	// members, it takes the one pairing that is new to everyone.
	e.clock.Add(7 * 24 * time.Hour)
	e.must("mod", "round now", "2 groups")
	var second *bot.Round
	err = e.db.View(context.Background(), func(tx bot.Tx) error {
		return tx.Rounds("labbit", func(r *bot.Round) error { second = r; return nil })
	})
	if err != nil || second == nil || second.ID == weekly.ID {
		t.Fatalf("second round %+v, %v", second, err)
	}
	for _, g := range second.Groups {
		for _, old := range slices.Concat(weekly.Groups, ev.Groups) {
			if old.Has(g.Members[0]) && old.Has(g.Members[1]) {
				t.Errorf("the next round pairs %v again (grouped in %v)", g.Members, old.Members)
			}
		}
	}
}

// unfoldICS parses a calendar into its content lines, checking the line
// rules on the way.
func unfoldICS(t *testing.T, ics string) []string {
	t.Helper()
	if !strings.HasSuffix(ics, "\r\n") {
		t.Error("the calendar does not end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
	var out []string
	for _, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare CR or LF in %q", l)
		}
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// icsValue returns the unescaped value of the first property called name
// (with its parameters).
func icsValue(lines []string, name string) (string, bool) {
	for _, l := range lines {
		k, v, _ := strings.Cut(l, ":")
		if k == name {
			r := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n")
			return r.Replace(v), true
		}
	}
	return "", false
}

func TestICS(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	stamp := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	title := "Aperitivo; soci, amici \\ ospiti — " + strings.Repeat("è", 40)
	ev := &bot.Event{
		Community: "labbit", ID: "7", Title: title, Start: time.Date(2027, 3, 27, 18, 30, 0, 0, rome), TZ: "Europe/Rome",
		Duration: 2 * time.Hour, Place: "https://meet.example/x?a=1", Details: "line one\nline two, with comma", Edits: 2,
	}
	lines := unfoldICS(t, string(bot.ICS(ev, stamp)))
	want := map[string]string{
		"UID":                      "labbit-7@rete",
		"DTSTAMP":                  "20261127T100000Z",
		"DTSTART;TZID=Europe/Rome": "20270327T183000",
		"DTEND;TZID=Europe/Rome":   "20270327T203000",
		"SUMMARY":                  title,
		"LOCATION":                 "https://meet.example/x?a=1",
		"URL":                      "https://meet.example/x?a=1",
		"DESCRIPTION":              "line one\nline two, with comma",
		"STATUS":                   "CONFIRMED",
		"SEQUENCE":                 "2",
		"TZID":                     "Europe/Rome",
	}
	for k, w := range want {
		if got, ok := icsValue(lines, k); !ok || got != w {
			t.Errorf("%s = %q, want %q", k, got, w)
		}
	}
	all := strings.Join(lines, "\n")
	// The spring-forward after the event and the fall-back before it.
	for _, w := range []string{
		"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:",
		"BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT",
		"BEGIN:STANDARD\nDTSTART:20261025T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD",
		"END:VTIMEZONE\nBEGIN:VEVENT",
		"END:VEVENT\nEND:VCALENDAR",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("calendar lacks\n%s\nin\n%s", w, all)
		}
	}

	utc := &bot.Event{Community: "labbit", ID: "8", Title: "Call", Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), TZ: "UTC", Canceled: true}
	lines = unfoldICS(t, string(bot.ICS(utc, stamp)))
	all = strings.Join(lines, "\n")
	if strings.Contains(all, "VTIMEZONE") || !strings.Contains(all, "DTSTART:20261201T090000Z") || !strings.Contains(all, "STATUS:CANCELLED") || strings.Contains(all, "DTEND") {
		t.Errorf("UTC event:\n%s", all)
	}
	tokyo := &bot.Event{Community: "labbit", ID: "9", Title: "Call", Start: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), TZ: "Asia/Tokyo"}
	all = strings.Join(unfoldICS(t, string(bot.ICS(tokyo, stamp))), "\n")
	if !strings.Contains(all, "BEGIN:STANDARD\nDTSTART:") || !strings.Contains(all, "TZOFFSETTO:+0900") || !strings.Contains(all, "DTSTART;TZID=Asia/Tokyo:20261201T180000") {
		t.Errorf("Tokyo event:\n%s", all)
	}
}

func TestEventCalendarLookup(t *testing.T) {
	e, _ := eventEnv(t)
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
	var key string
	if err := e.db.View(context.Background(), func(tx bot.Tx) error {
		ev, err := tx.Event("labbit", "1")
		if ev != nil {
			key = ev.Key
		}
		return err
	}); err != nil || len(key) < 16 {
		t.Fatalf("event key %q: %v", key, err)
	}
	b, err := e.bot.EventCalendar(context.Background(), "labbit-1-"+key)
	if err != nil || !strings.Contains(string(b), "SUMMARY:Cena") {
		t.Errorf("labbit-1-KEY: %v\n%s", err, b)
	}
	// Without the key, ids cannot be counted to read events.
	for _, id := range []string{"labbit-1", "1", "labbit-1-" + key[:len(key)-1] + "x", "labbit-2-" + key, "nope", "other-1-" + key, "", "-1", "labbit-1-"} {
		if _, err := e.bot.EventCalendar(context.Background(), id); bot.ErrorCode(err) != bot.ENOTFOUND {
			t.Errorf("%q: %v, want not found", id, err)
		}
	}
}

func TestEventChangeInReadersLanguageAndZone(t *testing.T) {
	e, f := eventEnv(t, "marco")
	e.must("marco", "tz America/New_York", "New_York")
	e.must("marco", "lang it", "italiano")
	e.must("mod", "announce Cena | 2026-12-01 19:00 | Trattoria", "Event 1 announced")
	e.must("marco", "rsvp 1 yes", "Partecipi")
	e.must("mod", "event edit 1 when 2026-12-03 19:00", "1 attendee was told")
	e.deliver()
	txt := f.texts("marco")
	if len(txt) == 0 {
		t.Fatal("no change DM")
	}
	got := txt[len(txt)-1]
	for _, want := range []string{"martedì 1 dicembre 2026, 13:00", "giovedì 3 dicembre 2026, 13:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("change DM lacks %q (Italian, New York time):\n%s", want, got)
		}
	}
}

// TestGoneMembersAreNotGoing: a member going who leaves, is removed or is
// forgotten no longer counts: the post is edited, events and event edit
// count only the others.
func TestGoneMembersAreNotGoing(t *testing.T) {
	for _, tc := range []struct{ name, user, cmd string }{
		{"leave", "anna", "leave"},
		{"remove", "mod", "remove @anna"},
		{"forget", "anna", "forget-me confirm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, f := eventEnv(t, "anna", "marco")
			e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria", "Event 1 announced")
			e.deliver()
			e.must("anna", "rsvp 1 yes", "You are going")
			e.must("marco", "rsvp 1 yes", "You are going")
			e.deliver() // the edit goes through the outbox
			if got := f.post(1); !strings.Contains(got, "Going: 2") {
				t.Fatalf("post before:\n%s", got)
			}
			e.must(tc.user, tc.cmd, "")
			e.deliver() // the edit goes through the outbox
			if got := f.post(1); !strings.Contains(got, "Going: 1") {
				t.Errorf("post after %s:\n%s", tc.name, got)
			}
			if ev := e.event("1"); ev.Going() != 1 || ev.IsGoing(bot.MemberID{Platform: "test", Space: "S1", User: "anna"}) {
				t.Errorf("stored RSVPs: %v", ev.RSVPs)
			}
			e.must("marco", "events", "1 going")
			e.must("mod", "event edit 1 place Osteria", "1 attendee was told")
			e.deliver()
			if got := f.texts("anna"); len(got) != 0 {
				t.Errorf("anna got %q", got)
			}
		})
	}
}

// TestEventDetailsCleared: "-" removes the details and those going are
// told they were removed; title and place cannot be removed.
func TestEventDetailsCleared(t *testing.T) {
	e, f := eventEnv(t, "anna")
	e.must("mod", "announce Cena | 2026-12-10 19:00 | Trattoria | Bring cards", "Event 1 announced")
	e.must("anna", "rsvp 1 yes", "You are going")
	e.must("mod", "event edit 1 place -", "cannot be removed")
	e.must("mod", "event edit 1 title -", "cannot be removed")
	e.must("mod", "event edit 1 details \u2067\u2069", "only of invisible characters")
	e.must("mod", "event edit 1 details -", "details removed")
	if ev := e.event("1"); ev.Details != "" || ev.Place != "Trattoria" || ev.Title != "Cena" {
		t.Errorf("event after the edits: %+v", ev)
	}
	e.deliver()
	txt := f.texts("anna")
	if len(txt) != 1 || strings.Contains(txt[0], "now: -") || !strings.Contains(txt[0], "no longer has details") {
		t.Errorf("anna's DMs: %q", txt)
	}
}

// TestEventEditWhereIsPlace: the post labels the place "Where:", so "where"
// (and Italian "dove") edit it; an unchanged or too long details reads well.
func TestEventEditWhereIsPlace(t *testing.T) {
	e, _ := eventEnv(t, "anna")
	e.must("mod", "announce Cena | 2026-12-01 19:00 | Trattoria", "Event 1 announced")
	e.must("mod", "event edit 1 where Osteria", "from 'Trattoria' to 'Osteria'")
	e.must("mod", "event edit 1 dove Bar Roma", "to 'Bar Roma'")
	if got := e.event("1").Place; got != "Bar Roma" {
		t.Errorf("place %q, want Bar Roma", got)
	}
	e.must("mod", "event edit 1 details -", "the event already has the same details")
	e.must("mod", "event edit 1 details "+strings.Repeat("y", 3000), "You gave 3000 characters for the event's details")
}

// TestMembersFiltersInItalian: the filters take Italian words and the title
// names them as a list filter.
func TestMembersFiltersInItalian(t *testing.T) {
	e := newEnv(t)
	e.must("anna", "join", "Welcome")
	e.must("mod", "lang it", "italiano")
	e.must("mod", "members attivi", "(attivi)")
	e.must("mod", "members active", "(attivi)")
	e.must("mod", "members rimossi", "(rimossi)")
	e.must("mod", "members inpausa", "(in pausa)")
	e.must("mod", "members usciti", "(usciti)")
	if got := e.do("mod", "help members"); !strings.Contains(got, "attivi|inpausa|nonraggiungibili|rimossi|usciti") {
		t.Errorf("Italian choices not shown: %s", got)
	}
}
