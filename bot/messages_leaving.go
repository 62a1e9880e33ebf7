package bot

// leavingTexts are the catalog entries of members who leave, are removed
// or delete their data, and of what the others then hear. key → {en, it}.
func leavingTexts() map[string][]string {
	return map[string][]string{
		"err.event_intros_early":    {"Event {id} has not started yet: its attendees can be introduced from {when}.", "L'evento {id} non è ancora iniziato: chi partecipa può essere presentato da {when}."},
		"msg.event_intros_left_out": {"{n} {n|attendee is|attendees are} not in a group.", "{n} {n|partecipante non è|partecipanti non sono} in un gruppo."},
		"msg.forgotten_guest":       {"Done: everything about you is deleted.", "Fatto: ho cancellato tutti i tuoi dati."},
		// The target deleted their data: their name is gone with it.
		"msg.intro_not_possible_unnamed": {"One of your introduction requests is not possible right now.", "Una delle tue richieste di presentazione non è possibile in questo momento."},
	}
}
