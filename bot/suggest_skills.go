package bot

import (
	"context"
	"slices"
	"strings"
)

// SuggestSkills returns up to limit skills that complete prefix, for a
// platform that completes what a member types (Discord's autocomplete):
// first the skills members of the requester's community offer or seek,
// then the known skills whose name or alias starts with prefix. A skill
// matches when one of its words starts with prefix, so "des" finds "ux
// design". It reads one snapshot and no more than the community's
// distinct skills, so it answers well inside a platform's 3 s; on a store
// error it suggests the known skills only.
func (b *Bot) SuggestSkills(ctx context.Context, req *Request, prefix string, limit int) []string {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if i := strings.LastIndexByte(prefix, ','); i >= 0 { // a list: complete its last item
		prefix = strings.TrimSpace(prefix[i+1:])
	}
	var out []string
	add := func(skill string) bool {
		if !slices.Contains(out, skill) && len(out) < limit {
			out = append(out, skill)
		}
		return len(out) < limit
	}
	comm := b.communityOf(ctx, req)
	_ = b.store.View(ctx, func(tx Tx) error {
		for _, kind := range []SkillKind{Offers, Seeks} {
			err := tx.Skills(comm, kind, func(skill string) error {
				if completes(skill, prefix) && !add(skill) {
					return errEnough
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	known := make([]string, 0, len(b.skills.aliases))
	for alias, skill := range b.skills.aliases {
		if completes(alias, prefix) || completes(skill, prefix) {
			known = append(known, skill)
		}
	}
	slices.Sort(known)
	for _, s := range known {
		if !add(s) {
			break
		}
	}
	return out
}

// errEnough stops a scan that has found what it needs.
var errEnough = errorString("enough")

type errorString string

func (e errorString) Error() string { return string(e) }

// completes reports whether a word of s starts with prefix.
func completes(s, prefix string) bool {
	if strings.HasPrefix(s, prefix) {
		return true
	}
	return strings.Contains(s, " "+prefix)
}

// communityOf is the id of the community a request runs in: its space's,
// or for a private chat the member's own (see [Bot.HandleResult]); "" when
// there is none yet.
func (b *Bot) communityOf(ctx context.Context, req *Request) string {
	if req.Space != "" {
		return b.community(req.Platform, req.Space).ID
	}
	r, _ := b.resolvePrivate(ctx, req)
	if r == nil {
		return ""
	}
	return b.community(r.Platform, r.Space).ID
}
