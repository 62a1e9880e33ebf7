package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// updateMe changes the caller's member record in one transaction: fn gets
// the stored member (fresh on every retry) and edits it in place.
func (c *call) updateMe(ctx context.Context, fn func(m *Member) error) (*Member, error) {
	var out *Member
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.req.Member())
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
		m.Updated = c.now()
		out = m
		return tx.PutMember(m)
	})
	if err != nil {
		return nil, err
	}
	c.me = out
	return out, nil
}

// lookup resolves "@user" to a member of the caller's community: by user
// id on the caller's platform and space, else by handle.
func (c *call) lookup(ctx context.Context, ref string) (*Member, error) {
	name := strings.TrimPrefix(ref, "@")
	var m *Member
	err := c.b.store.View(ctx, func(tx Tx) error {
		var err error
		m, err = tx.Member(c.comm.ID, MemberID{Platform: c.req.Platform, Space: c.req.Space, User: name})
		if errors.Is(err, ErrNotFound) {
			m, err = tx.MemberByHandle(c.comm.ID, name)
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
	}
	return m, err
}

func runHelp(_ context.Context, c *call) (Message, error) {
	if v := strings.ToLower(c.arg("verb")); v != "" {
		cmd, ok := c.b.Command(strings.TrimPrefix(v, "/"))
		if !ok || cmd.Hidden {
			return Message{}, &Error{Code: EINVALID, Key: "err.unknown_verb", Args: Args{"verb": v, "close": strings.Join(c.b.closestVerbs(v), ", ")}}
		}
		msg := Message{Blocks: []Block{
			{Kind: Para, Spans: []Span{{Style: Code, Text: c.req.Prefix + cmd.Usage()}}},
			{Kind: Para, Spans: c.t(cmd.HelpKey(), nil)},
		}}
		if len(cmd.Subs) > 0 {
			var items [][]Span
			for _, s := range cmd.Subs {
				items = append(items, append([]Span{{Style: Code, Text: c.req.Prefix + cmd.Name + " " + s.Name + " " + paramsUsage(s.Params)}, Text(" — ")},
					c.t(cmd.HelpKey()+"_"+s.Name, nil)...))
			}
			msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
		}
		if cmd.Role == RoleModerator {
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.moderators_only", nil)})
		}
		return msg, nil
	}
	list := func(role Role) [][]Span {
		var items [][]Span
		for _, cmd := range c.b.commands {
			if cmd.Role != role || cmd.Hidden {
				continue
			}
			items = append(items, append([]Span{{Style: Code, Text: c.req.Prefix + cmd.Usage()}, Text(" — ")}, c.t(cmd.HelpKey(), nil)...))
		}
		return items
	}
	msg := Message{Blocks: []Block{
		{Kind: Header, Spans: c.t("msg.help_title", Args{"community": c.comm.Settings.Name})},
		{Kind: List, Items: list(RoleMember)},
	}}
	if c.mod {
		msg.Blocks = append(msg.Blocks,
			Block{Kind: Header, Spans: c.t("msg.help_mod_title", nil)},
			Block{Kind: List, Items: list(RoleModerator)})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.help_more", Args{"prefix": c.req.Prefix})})
	return msg, nil
}

func runJoin(ctx context.Context, c *call) (Message, error) {
	var key string
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.req.Member())
		switch {
		case errors.Is(err, ErrNotFound):
			now := c.now()
			m = &Member{
				ID: c.req.Member(), Community: c.comm.ID,
				Name: cleanName(c.req.Name, c.req.User), Handle: strings.ToLower(c.req.Handle),
				Status: StatusActive, Joined: now, Updated: now,
			}
			key = "msg.joined"
		case err != nil:
			return err
		case m.Status == StatusRemoved:
			return Errorf(EFORBIDDEN, "err.removed", nil)
		case m.Status == StatusActive:
			key = "msg.already_joined"
			return nil
		default:
			m.Status, m.PausedUntil, m.Updated = StatusActive, time.Time{}, c.now()
			key = "msg.rejoined"
		}
		c.me = m
		return tx.PutMember(m)
	})
	if err != nil {
		return Message{}, err
	}
	return c.say(key, Args{"community": c.comm.Settings.Name, "prefix": c.req.Prefix}), nil
}

func runLeave(ctx context.Context, c *call) (Message, error) {
	if c.me.Status == StatusLeft {
		return c.say("msg.already_left", Args{"prefix": c.req.Prefix}), nil
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil = StatusLeft, time.Time{}
		return nil
	}); err != nil {
		return Message{}, err
	}
	return c.say("msg.left", Args{"prefix": c.req.Prefix}), nil
}

// maxPause is the longest pause a member can ask for.
const maxPause = 365 * 24 * time.Hour

// parsePause reads "2w", "10d", "until 2026-12-31" or "until 31/12/2026";
// the empty string pauses until `resume`.
func parsePause(arg string, now time.Time, loc *time.Location) (time.Time, error) {
	arg = strings.ToLower(strings.TrimSpace(arg))
	if arg == "" {
		return time.Time{}, nil
	}
	if rest, ok := strings.CutPrefix(arg, "until "); ok {
		rest = strings.TrimSpace(rest)
		var t time.Time
		var err error
		for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
			if t, err = time.ParseInLocation(layout, rest, loc); err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, usageErr("err.pause_date", Args{"date": rest})
		}
		if !t.After(now) {
			return time.Time{}, usageErr("err.pause_past", Args{"date": rest})
		}
		if t.Sub(now) > maxPause {
			return time.Time{}, usageErr("err.pause_long", nil)
		}
		return t, nil
	}
	d, err := parseDuration(arg)
	if err != nil || d <= 0 || !strings.ContainsAny(arg[len(arg)-1:], "dw") {
		return time.Time{}, usageErr("err.pause_bad", Args{"arg": arg})
	}
	if d > maxPause {
		return time.Time{}, usageErr("err.pause_long", nil)
	}
	return now.Add(d), nil
}

func runPause(ctx context.Context, c *call) (Message, error) {
	if c.me.Status == StatusLeft {
		return Message{}, Errorf(ECONFLICT, "err.left_rejoin", Args{"prefix": c.req.Prefix})
	}
	until, err := parsePause(c.arg("when"), c.now(), c.loc())
	if err != nil {
		return Message{}, err
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil = StatusPaused, until
		return nil
	}); err != nil {
		return Message{}, err
	}
	if until.IsZero() {
		return c.say("msg.paused", Args{"prefix": c.req.Prefix}), nil
	}
	return c.say("msg.paused_until", Args{"date": until.In(c.loc()).Format(time.DateOnly), "prefix": c.req.Prefix}), nil
}

func runResume(ctx context.Context, c *call) (Message, error) {
	if c.me.Status != StatusPaused && c.me.Status != StatusUnreachable {
		if c.me.Status == StatusLeft {
			return Message{}, Errorf(ECONFLICT, "err.left_rejoin", Args{"prefix": c.req.Prefix})
		}
		return c.say("msg.not_paused", nil), nil
	}
	if _, err := c.updateMe(ctx, func(m *Member) error {
		m.Status, m.PausedUntil = StatusActive, time.Time{}
		return nil
	}); err != nil {
		return Message{}, err
	}
	return c.say("msg.resumed", nil), nil
}

func runProfile(ctx context.Context, c *call) (Message, error) {
	m := c.me
	if ref := c.arg("member"); ref != "" {
		var err error
		if m, err = c.lookup(ctx, ref); err != nil {
			return Message{}, err
		}
		if m.ID != c.req.Member() && !c.mod && (m.Status == StatusLeft || m.Status == StatusRemoved) {
			return Message{}, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
		}
	}
	if m == nil {
		return Message{}, Errorf(ECONFLICT, "err.join_first", Args{"prefix": c.req.Prefix})
	}
	msg := c.b.profileMessage(c.lang, m, c.comm.Settings.Location(), c.now())
	if m.ID == c.req.Member() {
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.profile_hint", Args{"prefix": c.req.Prefix})})
	}
	return msg, nil
}

// profileMessage shows a member's public profile.
func (b *Bot) profileMessage(lang Lang, m *Member, fallback *time.Location, now time.Time) Message {
	t := func(key string, args Args) []Span { return b.cat.Spans(lang, key, args) }
	none := b.cat.String(lang, "msg.none", nil)
	orNone := func(v []string) string {
		if len(v) == 0 {
			return none
		}
		return strings.Join(v, ", ")
	}
	var items [][]Span
	items = append(items,
		t("msg.profile_offers", Args{"skills": orNone(m.Profile.Offers)}),
		t("msg.profile_seeks", Args{"skills": orNone(m.Profile.Seeks)}))
	if m.Profile.Company != "" {
		items = append(items, t("msg.profile_company", Args{"company": m.Profile.Company}))
	}
	loc := m.Location(fallback)
	items = append(items, t("msg.profile_tz", Args{"tz": loc.String(), "time": now.In(loc).Format("15:04")}))
	if len(m.Profile.Links) > 0 {
		items = append(items, append(t("msg.profile_links", nil), linkSpans(m.Profile.Links)...))
	}
	if st := m.EffectiveStatus(now); st != StatusActive {
		items = append(items, t("msg.profile_status", Args{"status": b.cat.String(lang, "status."+string(st), nil)}))
	}
	msg := Message{Blocks: []Block{{Kind: Header, Spans: []Span{{Style: Mention, Text: m.Name, Member: m.ID}}}}}
	if m.Profile.Bio != "" {
		msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: []Span{Text(m.Profile.Bio)}})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
	return msg
}

// linkSpans shows links separated by dots.
func linkSpans(links []string) []Span {
	var spans []Span
	for i, l := range links {
		if i > 0 {
			spans = append(spans, Text(" · "))
		}
		spans = append(spans, Span{Style: Link, Text: l, URL: l})
	}
	return spans
}

// cleanText checks member-written text: no control characters except new
// lines and tabs, trimmed.
func cleanText(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", false
		}
	}
	return s, true
}

// cleanLine trims s and folds any control character or run of spaces into one space.
func cleanLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// cleanName makes a display name safe and short; fallback when empty.
func cleanName(name, fallback string) string {
	name = cleanLine(name)
	if name == "" {
		name = fallback
	}
	if r := []rune(name); len(r) > MaxNameLen {
		name = string(r[:MaxNameLen])
	}
	return name
}

// clearWord is the argument that empties an optional profile field.
func isClear(v string) bool { return v == "-" || strings.EqualFold(v, "clear") }

func runBio(ctx context.Context, c *call) (Message, error) {
	v := c.arg("text")
	if isClear(v) {
		v = ""
	}
	bio, ok := cleanText(v)
	if !ok {
		return Message{}, usageErr("err.control_chars", nil)
	}
	if n := len([]rune(bio)); n > MaxBio {
		return Message{}, usageErr("err.bio_long", Args{"max": MaxBio, "n": n})
	}
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Profile.Bio = bio; return nil }); err != nil {
		return Message{}, err
	}
	if bio == "" {
		return c.say("msg.bio_cleared", nil), nil
	}
	return c.say("msg.bio_saved", nil), nil
}

// parseLinks validates up to MaxLinks http(s) links.
func parseLinks(arg string) ([]string, error) {
	if isClear(strings.TrimSpace(arg)) {
		return nil, nil
	}
	fields := strings.FieldsFunc(arg, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(fields) > MaxLinks {
		return nil, usageErr("err.links_many", Args{"max": MaxLinks})
	}
	var out []string
	for _, f := range fields {
		f = strings.Trim(f, "<>")
		if i := strings.IndexByte(f, '|'); i > 0 { // Slack's <url|label>
			f = f[:i]
		}
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(f) > 300 || strings.ContainsAny(f, "\"'<>") {
			return nil, usageErr("err.link_bad", Args{"link": f})
		}
		if !slices.Contains(out, u.String()) {
			out = append(out, u.String())
		}
	}
	return out, nil
}

func runLinks(ctx context.Context, c *call) (Message, error) {
	links, err := parseLinks(c.arg("urls"))
	if err != nil {
		return Message{}, err
	}
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Profile.Links = links; return nil }); err != nil {
		return Message{}, err
	}
	return c.say("msg.links_saved", Args{"n": len(links)}), nil
}

// fixZoneCase turns "europe/rome" into "Europe/Rome".
func fixZoneCase(z string) string {
	parts := strings.Split(z, "/")
	for i, p := range parts {
		words := strings.Split(p, "_")
		for j, w := range words {
			if len(w) > 0 {
				words[j] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
			}
		}
		parts[i] = strings.Join(words, "_")
	}
	return strings.Join(parts, "/")
}

func runTZ(ctx context.Context, c *call) (Message, error) {
	zone := c.arg("zone")
	tz, err := ParseTimezone(zone)
	if err != nil {
		if tz, err = ParseTimezone(fixZoneCase(zone)); err != nil {
			return Message{}, usageErr("err.tz_bad", Args{"zone": zone})
		}
	}
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Profile.TZ = tz; return nil }); err != nil {
		return Message{}, err
	}
	loc, _ := time.LoadLocation(tz)
	return c.say("msg.tz_saved", Args{"tz": tz, "time": c.now().In(loc).Format("15:04")}), nil
}

func runLang(ctx context.Context, c *call) (Message, error) {
	l, _ := ParseLang(c.arg("lang"))
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Profile.Lang = l; return nil }); err != nil {
		return Message{}, err
	}
	c.lang = l
	return c.say("msg.lang_saved", nil), nil
}

func runCompany(ctx context.Context, c *call) (Message, error) {
	v := c.arg("name")
	if isClear(v) {
		v = ""
	}
	if _, ok := cleanText(v); !ok {
		return Message{}, usageErr("err.control_chars", nil)
	}
	name := cleanLine(v)
	if len([]rune(name)) > MaxCompanyLen {
		return Message{}, usageErr("err.company_long", Args{"max": MaxCompanyLen})
	}
	if _, err := c.updateMe(ctx, func(m *Member) error { m.Profile.Company = name; return nil }); err != nil {
		return Message{}, err
	}
	if name == "" {
		return c.say("msg.company_cleared", nil), nil
	}
	return c.say("msg.company_saved", Args{"company": name}), nil
}

// skillEdit returns the handler of offer|seek add|remove.
func skillEdit(kind SkillKind, add bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		skills, err := c.b.skills.List(c.arg("skills"))
		if err != nil {
			return Message{}, err
		}
		var missing []string
		m, err := c.updateMe(ctx, func(m *Member) error {
			missing = nil
			list := &m.Profile.Offers
			if kind == Seeks {
				list = &m.Profile.Seeks
			}
			next := slices.Clone(*list)
			for _, s := range skills {
				i := slices.Index(next, s)
				switch {
				case add && i < 0:
					next = append(next, s)
				case !add && i >= 0:
					next = slices.Delete(next, i, i+1)
				case !add:
					missing = append(missing, s)
				}
			}
			if len(next) > MaxSkills {
				return usageErr("err.skills_many", Args{"max": MaxSkills, "n": len(*list)})
			}
			*list = next
			return nil
		})
		if err != nil {
			return Message{}, err
		}
		list := m.Profile.Offers
		key := "msg.offers_now"
		if kind == Seeks {
			list, key = m.Profile.Seeks, "msg.seeks_now"
		}
		now := c.b.cat.String(c.lang, "msg.none", nil)
		if len(list) > 0 {
			now = strings.Join(list, ", ")
		}
		msg := c.say(key, Args{"skills": now})
		if len(missing) > 0 {
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.skills_missing", Args{"skills": strings.Join(missing, ", ")})})
		}
		return msg, nil
	}
}

// workOverlap returns the hours of a 09:00–18:00 working day that two time
// zones share on the day of t.
func workOverlap(a, b *time.Location, t time.Time) float64 {
	day := func(loc *time.Location) (time.Time, time.Time) {
		lt := t.In(loc)
		start := time.Date(lt.Year(), lt.Month(), lt.Day(), 9, 0, 0, 0, loc)
		return start, start.Add(9 * time.Hour)
	}
	as, ae := day(a)
	bs, be := day(b)
	// Compare on the same absolute day: shift b's window by whole days to
	// the one nearest a's.
	for bs.Sub(as) > 12*time.Hour {
		bs, be = bs.Add(-24*time.Hour), be.Add(-24*time.Hour)
	}
	for as.Sub(bs) > 12*time.Hour {
		bs, be = bs.Add(24*time.Hour), be.Add(24*time.Hour)
	}
	lo, hi := as, ae
	if bs.After(lo) {
		lo = bs
	}
	if be.Before(hi) {
		hi = be
	}
	if !hi.After(lo) {
		return 0
	}
	return hi.Sub(lo).Hours()
}

// maxFind is how many members find lists.
const maxFind = 10

// maxFindLoad is how many matching members find reads to rank them; above
// it, the counts of a very common skill are approximate.
const maxFindLoad = 2000

func runFind(ctx context.Context, c *call) (Message, error) {
	skill, err := c.b.skills.Normalize(c.arg("skill"))
	if err != nil {
		return Message{}, err
	}
	type hit struct {
		m       *Member
		score   int
		overlap float64
	}
	var hits []hit
	now := c.now()
	myLoc := c.loc()
	unseen := 0 // matches beyond maxFindLoad, not loaded
	err = c.b.store.View(ctx, func(tx Tx) error {
		// Rank from the indexes first (keys only): members who seek what
		// the caller offers come first. Only the best maxFindLoad are
		// loaded, so a skill half the community offers stays fast.
		var ids []MemberID
		if err := tx.MembersWithSkill(c.comm.ID, Offers, skill, func(id MemberID) error {
			if id != c.req.Member() {
				ids = append(ids, id)
			}
			return nil
		}); err != nil {
			return err
		}
		if len(ids) > maxFindLoad {
			comp := map[MemberID]int{}
			if c.me != nil {
				for _, s := range c.me.Profile.Offers {
					if err := tx.MembersWithSkill(c.comm.ID, Seeks, s, func(id MemberID) error { comp[id]++; return nil }); err != nil {
						return err
					}
				}
			}
			slices.SortStableFunc(ids, func(a, b MemberID) int { return comp[b] - comp[a] })
			unseen, ids = len(ids)-maxFindLoad, ids[:maxFindLoad]
		}
		for _, id := range ids {
			m, err := tx.Member(c.comm.ID, id)
			if err != nil {
				return err
			}
			if !m.ActiveAt(now) || m.Blocked(c.req.Member()) || (c.me != nil && c.me.Blocked(id)) {
				continue
			}
			h := hit{m: m, overlap: workOverlap(myLoc, m.Location(c.comm.Settings.Location()), now)}
			if c.me != nil {
				for _, s := range m.Profile.Seeks {
					if slices.Contains(c.me.Profile.Offers, s) {
						h.score++
					}
				}
			}
			hits = append(hits, h)
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	if len(hits) == 0 {
		return c.say("msg.find_none", Args{"skill": skill}), nil
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		if a.overlap != b.overlap {
			if a.overlap > b.overlap {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.m.Name), strings.ToLower(b.m.Name))
	})
	title := c.say("msg.find_title", Args{"skill": skill, "n": len(hits)})
	if unseen > 0 {
		title = c.say("msg.find_title_many", Args{"skill": skill, "n": len(hits) + unseen})
	}
	msg := title
	var items [][]Span
	for _, h := range hits[:min(len(hits), maxFind)] {
		item := []Span{{Style: Mention, Text: h.m.Name, Member: h.m.ID}}
		if h.m.Profile.Company != "" {
			item = append(item, Text(" ("+h.m.Profile.Company+")"))
		}
		if len(h.m.Profile.Seeks) > 0 {
			item = append(item, Text(" — "))
			item = append(item, c.t("msg.find_seeks", Args{"skills": strings.Join(h.m.Profile.Seeks, ", ")})...)
		}
		if h.score > 0 {
			item = append(item, Text(" · "))
			item = append(item, c.t("msg.find_match", nil)...)
		}
		items = append(items, item)
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items})
	if n := len(hits) + unseen - maxFind; n > 0 {
		key := "msg.find_more"
		if unseen > 0 {
			key = "msg.find_more_about"
		}
		msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t(key, Args{"n": n})})
	}
	msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.find_hint", Args{"prefix": c.req.Prefix})})
	return msg, nil
}

func runBlock(block bool) func(context.Context, *call) (Message, error) {
	return func(ctx context.Context, c *call) (Message, error) {
		ref := c.arg("member")
		target, err := c.lookup(ctx, ref)
		if err != nil {
			return Message{}, err
		}
		if target.ID == c.req.Member() {
			return Message{}, Errorf(EINVALID, "err.block_self", nil)
		}
		if _, err := c.updateMe(ctx, func(m *Member) error {
			i := slices.Index(m.Blocks, target.ID)
			switch {
			case block && i < 0:
				m.Blocks = append(m.Blocks, target.ID)
			case !block && i >= 0:
				m.Blocks = slices.Delete(m.Blocks, i, i+1)
			}
			return nil
		}); err != nil {
			return Message{}, err
		}
		key := "msg.blocked"
		if !block {
			key = "msg.unblocked"
		}
		return c.say(key, Args{"member": target.Name}), nil
	}
}

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
}

// ExportPairing is one round's group as export-me shows it.
type ExportPairing struct {
	Round  string     `json:"round"`
	With   []MemberID `json:"with"`
	Answer string     `json:"answer,omitempty"`
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
			// it expire or blocked them: all are "not possible".
			cp := *i
			switch cp.State {
			case IntroDeclined, IntroExpired, IntroRefused:
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
	if err := c.b.store.Update(ctx, func(tx Tx) error {
		if err := forgetInRounds(tx, c.comm.ID, c.req.Member()); err != nil {
			return err
		}
		if err := forgetInIntrosAndEvents(tx, c.comm.ID, c.req.Member()); err != nil {
			return err
		}
		if err := tx.DeleteMember(c.comm.ID, c.req.Member()); err != nil {
			return err
		}
		if c.me.Status == StatusRemoved {
			// A removal outlives forget-me: keep a tombstone with no
			// personal data, so the member cannot simply join again.
			return tx.PutMember(&Member{ID: c.req.Member(), Community: c.comm.ID, Name: "-", Status: StatusRemoved, Joined: c.me.Joined, Updated: c.now()})
		}
		return nil
	}); err != nil {
		return Message{}, err
	}
	msg := c.say("msg.forgotten", nil)
	msg.Replace = c.req.Button
	return msg, nil
}

func runRemove(ctx context.Context, c *call) (Message, error) {
	target, err := c.lookup(ctx, c.arg("member"))
	if err != nil {
		return Message{}, err
	}
	if target.ID == c.req.Member() {
		return Message{}, Errorf(EINVALID, "err.remove_self", nil)
	}
	if target.Status == StatusRemoved {
		return c.say("msg.already_removed", Args{"member": target.Name}), nil
	}
	err = c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, target.ID)
		if err != nil {
			return err
		}
		m.Status, m.PausedUntil, m.Updated = StatusRemoved, time.Time{}, c.now()
		if err := tx.PutMember(m); err != nil {
			return err
		}
		// Their open introduction requests, in and out, close with them.
		var open []*Intro
		if err := tx.Intros(c.comm.ID, func(i *Intro) error {
			if (i.From == m.ID || i.To == m.ID) && i.Open() {
				open = append(open, i)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, i := range open {
			i.State, i.Answered = IntroCanceled, c.now()
			if err := tx.PutIntro(i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	c.b.log.InfoContext(ctx, "member removed", "community", c.comm.ID, "member", target.ID.String(), "by", c.req.Member().String())
	return c.say("msg.removed", Args{"member": target.Name}), nil
}

func runConfig(ctx context.Context, c *call) (Message, error) {
	key, value := strings.ToLower(c.arg("key")), c.arg("value")
	if key == "" {
		var items [][]Span
		for _, k := range SettingKeys() {
			v, _ := c.comm.Settings.Get(k)
			items = append(items, []Span{{Style: Code, Text: k}, Text(" = " + v)})
		}
		msg := c.say("msg.config_title", nil)
		msg.Blocks = append(msg.Blocks, Block{Kind: List, Items: items}, Block{Kind: Context, Spans: c.t("msg.config_hint", Args{"prefix": c.req.Prefix})})
		return msg, nil
	}
	if _, ok := c.comm.Settings.Get(key); !ok {
		return Message{}, usageErr("err.config_key", Args{"key": key, "keys": strings.Join(SettingKeys(), ", ")})
	}
	if value == "" {
		v, _ := c.comm.Settings.Get(key)
		return Message{Blocks: []Block{{Kind: Para, Spans: []Span{{Style: Code, Text: key}, Text(" = " + v)}}}}, nil
	}
	s := c.comm.Settings
	if err := s.Set(key, value); err != nil {
		return Message{}, usageErr("err.config_value", Args{"detail": err.Error()})
	}
	shown, _ := s.Get(key)
	err := c.b.store.Update(ctx, func(tx Tx) error {
		ov, err := tx.Settings(c.comm.ID)
		if err != nil {
			return err
		}
		if ov == nil {
			ov = map[string]string{}
		}
		ov[key] = shown
		if err := tx.PutSettings(c.comm.ID, ov); err != nil {
			return err
		}
		if key == "events.remind_before" && s.RemindBefore != c.comm.Settings.RemindBefore {
			comm := c.comm
			comm.Settings = s
			if err := c.b.moveReminders(tx, comm, c.comm.Settings.RemindBefore, c.now()); err != nil {
				return err
			}
		}
		if key == "pairing.schedule" || key == "timezone" {
			// The next round follows the new schedule at once.
			st, err := tx.State(c.comm.ID)
			if err != nil {
				return err
			}
			if sc, err := ParseSchedule(s.Schedule); err == nil && !st.NextRound.IsZero() {
				st.NextRound = sc.Next(c.now(), s.Location())
				return tx.PutState(c.comm.ID, st)
			}
		}
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	if key == "events.remind_before" {
		c.b.notifyOutbox()
	}
	if key == "language" && (c.me == nil || c.me.Profile.Lang == "") {
		c.lang = s.Language
	}
	return c.say("msg.config_set", Args{"key": key, "value": shown}), nil
}

// forgottenID is the opaque stand-in for a forgotten member in the pair
// history: a hash, so the matcher still knows who met whom, but not who.
func forgottenID(community string, id MemberID) MemberID {
	h := sha256.Sum256([]byte(community + "/" + id.String()))
	return MemberID{Platform: "forgotten", Space: "-", User: hex.EncodeToString(h[:12])}
}

// forgetInRounds replaces a member by an opaque hash in every round.
func forgetInRounds(tx Tx, community string, id MemberID) error {
	var changed []*Round
	err := tx.Rounds(community, func(r *Round) error {
		gi := r.GroupOf(id)
		if gi < 0 {
			return nil
		}
		g := &r.Groups[gi]
		anon := forgottenID(community, id)
		for i, m := range g.Members {
			if m == id {
				g.Members[i] = anon
			}
		}
		if a, ok := g.Answers[id.String()]; ok {
			delete(g.Answers, id.String())
			g.Answers[anon.String()] = a
		}
		for i := range g.Reasons {
			rs := &g.Reasons[i]
			for _, f := range []*string{&rs.Giver, &rs.Taker, &rs.A, &rs.B} {
				if *f == id.String() {
					*f = anon.String()
				}
			}
		}
		changed = append(changed, r)
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range changed {
		if err := tx.PutRound(r); err != nil {
			return err
		}
	}
	return nil
}

// forgetInIntrosAndEvents replaces a member by the opaque hash in
// introduction requests (dropping their reason) and removes their RSVPs
// and event pairings.
func forgetInIntrosAndEvents(tx Tx, community string, id MemberID) error {
	anon := forgottenID(community, id)
	var intros []*Intro
	err := tx.Intros(community, func(i *Intro) error {
		if i.From != id && i.To != id {
			return nil
		}
		if i.From == id {
			i.From, i.Why = anon, ""
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
	var events []*Event
	err = tx.Events(community, func(e *Event) error {
		changed := false
		if _, ok := e.RSVPs[id.String()]; ok {
			delete(e.RSVPs, id.String())
			changed = true
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
