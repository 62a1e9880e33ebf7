package bot

// attendTexts are the texts of recording who came to an event.
func attendTexts() map[string][]string {
	return map[string][]string{
		"msg.attendance_saved": {"Attendance saved for {event}: {n} {n|person|people} came.", "Presenze salvate per {event}: {n} {n|persona presente|persone presenti}."},
		"err.attend_future":    {"This event has not started yet: attendance can be recorded once it has.", "Questo evento non è ancora iniziato: le presenze si registrano dopo l'inizio."},
		"err.attend_canceled":  {"This event was canceled: there is no attendance to record.", "Questo evento è stato annullato: non ci sono presenze da registrare."},
		"err.attend_not_going": {"Only members who said they would go can be marked as present.", "Si possono segnare come presenti solo le persone che avevano aderito."},
		"dash.attended":        {"Attended", "Presenti"},
		"dash.attendance_none": {"not recorded", "non registrate"},
		"dash.save_attendance": {"Save attendance", "Salva presenze"},
		"dash.attendance_help": {"Tick who came, among those who said they would go.", "Spunta chi ha partecipato, tra chi aveva aderito."},
		"dash.event_gone":      {"That event no longer exists.", "Quell'evento non esiste più."},
	}
}
