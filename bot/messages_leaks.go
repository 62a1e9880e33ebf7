package bot

// leakTexts are the texts of clearing an event's details.
func leakTexts() map[string][]string {
	return map[string][]string{
		"err.event_field_required":     {"The event's {field} cannot be removed: give a new one.", "Il campo {field} dell'evento non si può togliere: indicane uno nuovo."},
		"msg.event_details_removed":    {"Event {id}: details removed (they were '{old}'); {n} {n|attendee was|attendees were} told.", "Evento {id}: dettagli tolti (erano '{old}'); avviso {n} {n|partecipante|partecipanti}."},
		"msg.event_dm_details_removed": {"An event you are going to no longer has details: {title}", "Un evento a cui partecipi non ha più dettagli: {title}"},
	}
}
