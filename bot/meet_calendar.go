package bot

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// slotICSURL is the link to a proposed slot's calendar file,
// "{public}/meet/{community}/{round}/{group}-{slot}-{key}.ics" with slot
// counted from 1, or "" without a public URL. The group's random key makes
// it unguessable, as an event's key does.
func (b *Bot) slotICSURL(community, round string, gi int, g RoundGroup, slot int) string {
	if b.publicURL == "" || g.Key == "" || slot < 0 || slot >= len(g.Slots) {
		return ""
	}
	return fmt.Sprintf("%s/meet/%s/%s/%d-%d-%s.ics", b.publicURL, url.PathEscape(community), url.PathEscape(round), gi, slot+1, g.Key)
}

// calendarLink is the line that links a picked slot's calendar file, none
// without a link (see slotICSURL).
func (b *Bot) calendarLink(lang Lang, community, round string, gi int, g RoundGroup, slot int) []Block {
	u := b.slotICSURL(community, round, gi, g, slot)
	if u == "" {
		return nil
	}
	return []Block{{Kind: Context, Spans: b.cat.Spans(lang, "msg.meet_calendar", Args{"link": Span{Style: Link, Text: u, URL: u}})}}
}

// SlotCalendar returns the iCalendar file of a proposed slot named as in
// its link: community, round and "{group}-{slot}-{key}". A wrong key
// (compared in constant time) or anything unknown gives [ErrNotFound].
func (b *Bot) SlotCalendar(ctx context.Context, community, round, name string) ([]byte, error) {
	p := strings.Split(name, "-")
	if len(p) != 3 {
		return nil, ErrNotFound
	}
	gi, err1 := strconv.Atoi(p[0])
	si, err2 := strconv.Atoi(p[1])
	// Numbers as slotICSURL writes them only: one file, one name.
	if err1 != nil || err2 != nil || gi < 0 || si < 1 || strconv.Itoa(gi) != p[0] || strconv.Itoa(si) != p[1] {
		return nil, ErrNotFound
	}
	var body []byte
	err := b.store.View(ctx, func(tx Tx) error {
		_, gp, err := groupAt(tx, community, round, gi)
		if err != nil {
			return err
		}
		if gp == nil {
			return ErrNotFound
		}
		g := *gp
		if g.Key == "" || si > len(g.Slots) || subtle.ConstantTimeCompare([]byte(g.Key), []byte(p[2])) != 1 {
			return ErrNotFound
		}
		ms, err := groupMembers(tx, community, g)
		if err != nil {
			return err
		}
		title := b.cat.String(b.communityLang(community), "ics.meet_title", Args{"names": plainNames(ms)})
		body = slotICS(community+"-"+round+"-"+p[0]+"-"+p[1], title, g.Slots[si-1], b.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return body, nil
}

// plainNames joins members' names with commas, for a calendar title.
func plainNames(ms []*Member) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return strings.Join(names, ", ")
}

// slotICS renders a slot as an RFC 5545 calendar: one VEVENT in UTC,
// which every calendar shows in its owner's zone.
func slotICS(uid, title string, start, stamp time.Time) []byte {
	var w icsWriter
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//rete//meetings//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	w.line("BEGIN:VEVENT")
	w.line("UID:" + uid + "@rete")
	w.line("DTSTAMP:" + utc(stamp))
	w.line("DTSTART:" + utc(start))
	w.line("DTEND:" + utc(start.Add(SlotLength)))
	w.line("SUMMARY:" + icsText(title))
	w.line("STATUS:CONFIRMED")
	w.line("END:VEVENT")
	w.line("END:VCALENDAR")
	return []byte(w.b.String())
}
