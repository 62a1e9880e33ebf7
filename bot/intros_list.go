package bot

import (
	"context"
	"sort"
	"time"
)

// openIntros are a member's requests still open: those waiting for their
// answer, their own (a refused one looks pending to its requester, see
// [Intro.Open]), and the names of the members they name.
type openIntros struct {
	in, out []*Intro
	names   map[MemberID]string
}

// openIntrosOf reads the requests still open to or from me.
func (b *Bot) openIntrosOf(ctx context.Context, community string, me MemberID) (openIntros, error) {
	o := openIntros{names: map[MemberID]string{}}
	err := b.store.View(ctx, func(tx Tx) error {
		return tx.Intros(community, func(i *Intro) error {
			switch {
			case i.To == me && i.State == IntroPending:
				o.in = append(o.in, i)
			case i.From == me && i.Open():
				o.out = append(o.out, i)
			default:
				return nil
			}
			for _, id := range []MemberID{i.From, i.To} {
				if _, ok := o.names[id]; !ok {
					if m, err := tx.Member(community, id); err == nil {
						o.names[id] = m.Name
					}
				}
			}
			return nil
		})
	})
	return o, err
}

func runIntros(ctx context.Context, c *call) (Message, error) {
	o, err := c.b.openIntrosOf(ctx, c.comm.ID, c.self())
	if err != nil {
		return Message{}, err
	}
	in, out, names := o.in, o.out, o.names
	if len(in)+len(out) == 0 {
		return c.say("msg.intros_none", Args{"prefix": c.req.Prefix}), nil
	}
	msg := Message{}
	if len(in) > 0 {
		var items [][]Span
		for _, i := range in {
			item := c.t("msg.intros_in_item", Args{"id": i.ID, "member": names[i.From], "prefix": c.req.Prefix})
			if i.Why != "" {
				item = append(item, Text(" — "+i.Why))
			}
			items = append(items, item)
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.intros_in", nil)}, Block{Kind: List, Items: items})
	}
	if len(out) > 0 {
		var items [][]Span
		for _, i := range out {
			key := "msg.intros_out_item"
			if i.State == IntroProposed {
				key = "msg.intros_out_proposed"
			}
			items = append(items, c.t(key, Args{"id": i.ID, "member": names[i.To], "prefix": c.req.Prefix}))
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.intros_out", nil)}, Block{Kind: List, Items: items})
	}
	return msg, nil
}

// IntroStats are the introduction figures of `stats`.
type IntroStats struct {
	Requested, Accepted, Declined, Expired int
	MedianAnswer                           time.Duration
}

// introStats computes the introduction figures of a community.
func (b *Bot) introStats(ctx context.Context, community string) (IntroStats, error) {
	var st IntroStats
	var waits []time.Duration
	err := b.store.View(ctx, func(tx Tx) error {
		return tx.Intros(community, func(i *Intro) error {
			if i.State == IntroProposed || i.Sent.IsZero() && i.State != IntroRefused {
				return nil
			}
			st.Requested++
			switch i.State {
			case IntroAccepted:
				st.Accepted++
				waits = append(waits, i.Answered.Sub(i.Sent))
			case IntroDeclined:
				st.Declined++
				waits = append(waits, i.Answered.Sub(i.Sent))
			case IntroExpired:
				st.Expired++
			}
			return nil
		})
	})
	if len(waits) > 0 {
		sort.Slice(waits, func(a, b int) bool { return waits[a] < waits[b] })
		st.MedianAnswer = waits[len(waits)/2]
		if len(waits)%2 == 0 {
			st.MedianAnswer = (waits[len(waits)/2-1] + waits[len(waits)/2]) / 2
		}
	}
	return st, err
}
