package bot

// fixdashTexts holds texts added by the dashboard fixes: a member gone
// before an action, forgotten members in round tables, labels of the
// member cards.
func fixdashTexts() map[string][]string {
	return map[string][]string{
		"dash.member_gone":    {"That member is no longer in the community: nothing changed.", "Questa persona non fa più parte della community: nessuna modifica."},
		"dash.deleted_member": {"(deleted member)", "(profilo eliminato)"},
	}
}
