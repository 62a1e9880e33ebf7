package bot

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
)

// updateMe changes the caller's member record in one transaction: fn gets
// the stored member (fresh on every retry) and edits it in place.
func (c *call) updateMe(ctx context.Context, fn func(m *Member) error) (*Member, error) {
	return c.updateMeTx(ctx, func(_ Tx, m *Member) error { return fn(m) })
}

// updateMeTx is updateMe for changes that also touch other records in the
// same transaction.
func (c *call) updateMeTx(ctx context.Context, fn func(tx Tx, m *Member) error) (*Member, error) {
	return c.updateRecord(ctx, false, fn)
}

// updateRecord is the one transaction behind updateMeTx and updatePrefs.
// With guest set, a caller without a record gets a guest one, and the
// change counts as being seen.
func (c *call) updateRecord(ctx context.Context, guest bool, fn func(tx Tx, m *Member) error) (*Member, error) {
	var out *Member
	err := c.b.store.Update(ctx, func(tx Tx) error {
		m, err := tx.Member(c.comm.ID, c.self())
		if guest && errors.Is(err, ErrNotFound) {
			m, err = c.guestRecord(), nil
		}
		if err != nil {
			return err
		}
		if err := fn(tx, m); err != nil {
			return err
		}
		m.Updated = c.now()
		if guest {
			m.Seen = m.Updated
		}
		out = m
		return tx.PutMember(m)
	})
	if err != nil {
		return nil, err
	}
	c.me = out
	return out, nil
}

func runProfile(ctx context.Context, c *call) (Message, error) {
	m := c.me
	if ref := c.arg("member"); ref != "" {
		// A member who left sees only their own profile (Command.Left).
		if !c.mod && c.me != nil && c.me.Status == StatusLeft {
			return Message{}, Errorf(ECONFLICT, "err.left_rejoin", Args{"prefix": c.req.Prefix})
		}
		var err error
		if m, err = c.lookup(ctx, ref); err != nil {
			return Message{}, err
		}
		if m.ID != c.self() && !c.mod && (m.Status == StatusLeft || m.Status == StatusRemoved) {
			return Message{}, Errorf(ENOTFOUND, "err.no_member", Args{"member": ref})
		}
	}
	if m == nil || m.Status == StatusGuest {
		return Message{}, Errorf(ECONFLICT, "err.join_first", Args{"prefix": c.req.Prefix})
	}
	msg := c.b.profileMessage(c.lang, m, c.comm.Settings.Location(), c.now())
	if m.ID == c.self() {
		if m.Contact != "" { // only the member and their pairs see it
			msg.Blocks = append(msg.Blocks, Block{Kind: Para, Spans: c.t("msg.profile_contact_own", Args{"contact": m.Contact})})
		}
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
		return b.skills.Names(lang, v)
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

// clearWord is the argument that empties an optional profile field.
func isClear(v string) bool { return v == "-" || strings.EqualFold(v, "clear") }

func runBio(ctx context.Context, c *call) (Message, error) {
	v := c.arg("text")
	if isClear(v) {
		v = ""
	}
	bio, err := cleanText(v)
	if err != nil {
		return Message{}, err
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
	fields := strings.FieldsFunc(stripBidi(arg), func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	if len(fields) > MaxLinks {
		return nil, usageErr("err.links_many", Args{"max": MaxLinks})
	}
	var out []string
	for _, f := range fields {
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
	if len(links) == 0 {
		return c.say("msg.links_cleared", nil), nil
	}
	return c.say("msg.links_saved", Args{"n": len(links)}), nil
}

func runTZ(ctx context.Context, c *call) (Message, error) {
	zone := c.arg("zone")
	tz, err := ParseTimezone(zone)
	if err != nil {
		return Message{}, usageErr("err.tz_bad", Args{"zone": zone})
	}
	if _, err := c.updatePrefs(ctx, func(m *Member) error { m.Profile.TZ = tz; return nil }); err != nil {
		return Message{}, err
	}
	loc, _ := time.LoadLocation(tz)
	return c.say("msg.tz_saved", Args{"tz": tz, "time": c.now().In(loc).Format("15:04")}), nil
}

func runLang(ctx context.Context, c *call) (Message, error) {
	l, _ := ParseLang(c.arg("lang"))
	if _, err := c.updatePrefs(ctx, func(m *Member) error { m.Profile.Lang = l; return nil }); err != nil {
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
	if _, err := cleanText(v); err != nil {
		return Message{}, err
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
			now = c.b.skills.Names(c.lang, list)
		}
		msg := c.say(key, Args{"skills": now})
		if len(missing) > 0 {
			msg.Blocks = append(msg.Blocks, Block{Kind: Context, Spans: c.t("msg.skills_missing", Args{"skills": c.b.skills.Names(c.lang, missing)})})
		}
		return msg, nil
	}
}
