package bot

// leavingTexts are the catalog entries of members who leave, are removed
// or delete their data, and of what the others then hear. key → {en, it}.
func leavingTexts() map[string][]string {
	return map[string][]string{
		"msg.forgotten_guest": {"Done: everything about you is deleted.", "Fatto: ho cancellato tutti i tuoi dati."},
		// The target deleted their data: their name is gone with it.
		"msg.intro_not_possible_unnamed": {"One of your introduction requests is not possible right now.", "Una delle tue richieste di presentazione non è possibile in questo momento."},
	}
}
