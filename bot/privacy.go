package bot

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Export is everything rete stores about one member, as export-me shows it.
type Export struct {
	Community string    `json:"community"`
	Exported  time.Time `json:"exported"`
	Member    *Member   `json:"member"`
	// Pairings are the weekly groups the member was in, with the answers.
	Pairings []ExportPairing `json:"pairings,omitempty"`
	// Intros are the introduction requests the member made or received.
	Intros []*Intro `json:"intros,omitempty"`
	// RSVPs are the member's answers to events: event id → going.
	RSVPs map[string]bool `json:"rsvps,omitempty"`
	// Attended are the events a moderator marked the member as having
	// come to, by id.
	Attended []string `json:"attended,omitempty"`
}

// ExportPairing is one round's group as export-me shows it.
type ExportPairing struct {
	Round  string     `json:"round"`
	With   []MemberID `json:"with"`
	Answer string     `json:"answer,omitempty"`
	// Picked is the proposed meeting time the member picked for the group.
	Picked time.Time `json:"picked,omitzero"`
	// CalledOff is the member calling the group's week off: why and when.
	CalledOff *PairingEnd `json:"called_off,omitempty"`
}

// exportOf collects everything stored about a member.
func exportOf(tx Tx, community string, m *Member, now time.Time) (*Export, error) {
	ex := &Export{Community: community, Exported: now.UTC(), Member: m}
	err := tx.Rounds(community, func(r *Round) error {
		gi := r.GroupOf(m.ID)
		if gi < 0 {
			return nil
		}
		g := r.Groups[gi]
		p := ExportPairing{Round: r.ID, Answer: g.Answers[m.ID.String()]}
		if g.Pick != nil && g.Pick.By == m.ID && g.Pick.Slot < len(g.Slots) {
			p.Picked = g.Slots[g.Pick.Slot]
		}
		if g.Ended != nil && g.Ended.By == m.ID {
			p.CalledOff = g.Ended
		}
		for _, o := range g.Members {
			if o != m.ID {
				p.With = append(p.With, o)
			}
		}
		ex.Pairings = append(ex.Pairings, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Intros(community, func(i *Intro) error {
		switch {
		case i.From == m.ID:
			// The requester never learns whether the target declined, let
			// it expire or blocked them: all are "not possible", and a
			// refused request is pending until it expires, like any other.
			cp := *i
			switch {
			case cp.waiting():
				cp.State = IntroPending // a request held back looks sent
			case cp.State == IntroDeclined, cp.State == IntroExpired, cp.State == IntroRefused:
				cp.State, cp.Answered = IntroNotPossible, time.Time{}
			}
			ex.Intros = append(ex.Intros, &cp)
		case i.To == m.ID && !i.Sent.IsZero():
			// Received requests only: not unsent proposals or refusals.
			ex.Intros = append(ex.Intros, i)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Events(community, func(e *Event) error {
		if v, ok := e.RSVPs[m.ID.String()]; ok {
			if ex.RSVPs == nil {
				ex.RSVPs = map[string]bool{}
			}
			ex.RSVPs[e.ID] = v
		}
		if e.Attends(m.ID) {
			ex.Attended = append(ex.Attended, e.ID)
		}
		return nil
	})
	return ex, err
}

func runExport(ctx context.Context, c *call) (Message, error) {
	if c.me == nil {
		return c.say("msg.nothing_stored", nil), nil
	}
	var ex *Export
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		ex, err = exportOf(tx, c.comm.ID, c.me, c.now())
		return err
	})
	if err != nil {
		return Message{}, fmt.Errorf("export: %w", err)
	}
	data, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		return Message{}, fmt.Errorf("export: %w", err)
	}
	return Message{Blocks: []Block{
		{Kind: Para, Spans: c.t("msg.export_title", nil)},
		{Kind: Pre, Spans: []Span{{Style: Code, Text: string(data)}}},
	}}, nil
}

func runForget(ctx context.Context, c *call) (Message, error) {
	if c.me == nil {
		return c.say("msg.nothing_stored", nil), nil
	}
	if c.arg("confirm") == "" {
		msg := c.say("msg.forget_confirm", Args{"prefix": c.req.Prefix})
		msg.Buttons = []Button{{Label: c.b.cat.String(c.lang, "btn.forget", nil), Command: "forget-me confirm", Style: ButtonDanger}}
		return msg, nil
	}
	anon := forgottenID()
	id := c.me.ID // the primary: every record names it, whichever account asks
	var events []string
	// The rounds first, a group per transaction: a long history is more
	// than one transaction takes. The member record stays until the last
	// transaction, so forget-me again finishes what a crash left.
	if err := c.b.renameInRounds(ctx, c.comm.ID, id, anon); err != nil {
		return Message{}, err
	}
	if err := c.b.store.Update(ctx, func(tx Tx) error {
		var err error
		if events, err = withdrawRSVPs(tx, c.comm.ID, id, c.now()); err != nil {
			return err
		}
		if err := forgetInRounds(tx, c.comm.ID, id, anon); err != nil {
			return err
		}
		if err := forgetInIntrosAndEvents(tx, c.comm.ID, id, anon, c.now()); err != nil {
			return err
		}
		// Messages sent to a linked account before it was linked name it.
		for _, a := range c.me.AllAccounts() {
			if err := forgetInOutbox(tx, c.b.Platforms(), &Member{ID: a.ID, Name: c.me.Name, Handle: a.Handle}, anon); err != nil {
				return err
			}
		}
		if err := tx.DeleteMember(c.comm.ID, id); err != nil {
			return err
		}
		if c.me.Status == StatusRemoved {
			// A removal outlives forget-me: keep a tombstone with no
			// personal data, so the member cannot simply join again
			// from any of their accounts.
			var accounts []Account
			for _, a := range c.me.Accounts {
				accounts = append(accounts, Account{ID: a.ID})
			}
			return tx.PutMember(&Member{ID: id, Community: c.comm.ID, Name: "-", Status: StatusRemoved, Joined: c.me.Joined, Updated: c.now(), Accounts: accounts})
		}
		return nil
	}); err != nil {
		return Message{}, err
	}
	if len(events) > 0 {
		c.b.notifyOutbox() // the edits of their posts
	}
	key := "msg.forgotten"
	if c.me.Status == StatusGuest { // never took part: no thanks for it
		key = "msg.forgotten_guest"
	}
	msg := c.say(key, nil)
	msg.Replace = c.req.Button
	return msg, nil
}

// forgottenID is the opaque stand-in for a forgotten member in the pair
// history: random, drawn once per forget-me, so the matcher still knows
// that the stand-in met whom, and nobody can recompute it from the
// member's id.
func forgottenID() MemberID {
	return MemberID{Platform: "forgotten", Space: "-", User: rand.Text()}
}

// Forgotten reports whether id is the stand-in of a forgotten member.
func (id MemberID) Forgotten() bool { return id.Platform == "forgotten" }

// forgetInRounds replaces a member by the stand-in anon in every round,
// after [Bot.renameInRounds]: in a round stored meanwhile.
func forgetInRounds(tx Tx, community string, id, anon MemberID) error {
	return editRounds(tx, community, func(r *Round) bool {
		changed := false
		for i := range r.Groups {
			if r.Groups[i].Has(id) {
				renameInGroup(&r.Groups[i], id, anon)
				changed = true
			}
		}
		return changed
	})
}

// forgetInIntrosAndEvents replaces a member by the stand-in anon in
// introduction requests (dropping the reasons, theirs and those given
// to them) and removes their RSVPs, their recorded attendance and
// event pairings.
func forgetInIntrosAndEvents(tx Tx, community string, id, anon MemberID, now time.Time) error {
	var intros, tell []*Intro
	err := tx.Intros(community, func(i *Intro) error {
		if i.From != id && i.To != id {
			return nil
		}
		if i.To == id && i.waiting() {
			tell = append(tell, i)
		}
		// A reason, either way, says something about the member.
		i.Why = ""
		if i.From == id {
			i.From = anon
		}
		if i.To == id {
			i.To = anon
		}
		if i.Open() {
			i.State = IntroCanceled
		}
		intros = append(intros, i)
		return nil
	})
	if err != nil {
		return err
	}
	for _, i := range intros {
		if err := tx.PutIntro(i); err != nil {
			return err
		}
	}
	for _, i := range tell {
		if err := tellUnavailable(tx, community, i, "", now); err != nil {
			return err
		}
	}
	var events []*Event
	err = tx.Events(community, func(e *Event) error {
		changed := false
		if _, ok := e.RSVPs[id.String()]; ok {
			delete(e.RSVPs, id.String())
			changed = true
		}
		if i := slices.Index(e.Attended, id); i >= 0 {
			e.Attended, changed = slices.Delete(e.Attended, i, i+1), true
		}
		for gi := range e.Groups {
			g := &e.Groups[gi]
			for mi, m := range g.Members {
				if m == id {
					g.Members[mi] = anon
					changed = true
				}
			}
			delete(g.Answers, id.String())
			for ri := range g.Reasons {
				rs := &g.Reasons[ri]
				for _, f := range []*string{&rs.Giver, &rs.Taker, &rs.A, &rs.B} {
					if *f == id.String() {
						*f, changed = anon.String(), true
					}
				}
			}
		}
		if e.By == id {
			e.By, changed = anon, true
		}
		if changed {
			e.Rev++
			events = append(events, e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := tx.PutEvent(e); err != nil {
			return err
		}
	}
	return nil
}

// forgetInOutbox removes the member's traces from the outbox of every
// platform: a pending message to them or about them is not sent, they
// leave the recipients of a group message, and a done entry that names
// them keeps only what de-duplication needs, with the stand-in anon for
// them (in its ID too, as later entries for the stand-in will be named).
func forgetInOutbox(tx Tx, platforms []string, m *Member, anon MemberID) error {
	id := m.ID.String()
	names := func(e *OutboxEntry) bool {
		b, err := json.Marshal(e)
		if err != nil {
			return true
		}
		for _, s := range []string{id, m.Name, m.Handle} {
			if len(s) >= 3 && strings.Contains(string(b), s) {
				return true
			}
		}
		return false
	}
	for _, p := range platforms {
		var remove []string
		var keep, done []*OutboxEntry
		err := tx.Pending(p, func(e *OutboxEntry) error {
			if !names(e) {
				return nil
			}
			others := slices.DeleteFunc(slices.Clone(e.To), func(to MemberID) bool { return to == m.ID })
			cp := *e
			cp.To = others
			if e.Kind == OutboxGroup && len(others) > 0 && !names(&cp) {
				keep = append(keep, &cp)
			} else {
				remove = append(remove, e.ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Done(p, func(e *OutboxEntry) error {
			if names(e) {
				remove = append(remove, e.ID)
				done = append(done, &OutboxEntry{
					ID: strings.ReplaceAll(e.ID, id, anon.String()), Platform: e.Platform, Community: e.Community,
					Kind: e.Kind, To: replaced(e.To, m.ID, anon), Space: e.Space, Channel: e.Channel, Template: e.Template,
					Round: e.Round, Group: e.Group, Created: e.Created, NotBefore: e.NotBefore, Sent: e.Sent, Failed: e.Failed,
				})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, eid := range remove {
			if err := tx.RemoveEntry(p, eid); err != nil {
				return err
			}
		}
		for _, e := range keep {
			if err := tx.PutPending(e); err != nil {
				return err
			}
		}
		for _, e := range done {
			if err := tx.Complete(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// replaced is ids with every from replaced by to.
func replaced(ids []MemberID, from, to MemberID) []MemberID {
	out := slices.Clone(ids)
	for i, id := range out {
		if id == from {
			out[i] = to
		}
	}
	return out
}
