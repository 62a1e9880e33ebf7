package bot

// formTexts are the catalog entries of the forms platforms open (the
// announce modal on Discord): key → {en, it}. Discord shows at most 45
// characters of each.
func formTexts() map[string][]string {
	return map[string][]string{
		"form.announce":         {"Announce an event", "Annuncia un evento"},
		"form.announce_title":   {"Title", "Titolo"},
		"form.announce_when":    {"When (community's time zone)", "Quando (fuso orario della comunità)"},
		"form.announce_place":   {"Place: an address or a link", "Luogo: un indirizzo o un link"},
		"form.announce_details": {"Details", "Dettagli"},
	}
}
