package bot

// NormalizeSkill reads a skill as `find` does: spelling folded, synonyms
// and Italian names resolved to the stored name ("Golang" → "go"); false
// when raw is no skill at all.
func (b *Bot) NormalizeSkill(raw string) (string, bool) {
	s, err := b.skills.Normalize(raw)
	return s, err == nil
}

// SkillName is how a stored skill reads in lang, as chat shows it.
func (b *Bot) SkillName(lang Lang, skill string) string {
	return b.skills.Name(lang, skill)
}
