package bot

// inputTexts are the catalog entries about reading what members type:
// lengths, dates, zones and text that shows nothing. Key → {en, it}.
func inputTexts() map[string][]string {
	return map[string][]string{
		"err.schedule_never":       {"'{schedule}' never fires: no month it names has a day {day}. Nothing changed.", "'{schedule}' non scatta mai: nessuno dei mesi indicati ha un giorno {day}. Non ho cambiato nulla."},
		"err.text_invisible":       {"That text shows nothing: it is made only of invisible characters. Type it again with letters or digits.", "Quel testo non mostra nulla: è fatto solo di caratteri invisibili. Riscrivilo con lettere o cifre."},
		"err.event_invisible":      {"Nothing shows in the event's {field}: it is made only of invisible characters.", "Nel campo {field} dell'evento non si vede nulla: contiene solo caratteri invisibili."},
		"err.pause_range":          {"'{arg}' is out of range: a pause lasts from {min} to {max}, e.g. `1w` or `10d`; or write until DATE.", "'{arg}' è fuori dai limiti: una pausa dura da {min} a {max}, per esempio `2 settimane` o `10g`; oppure scrivi fino al GG/MM/AAAA."},
		"err.event_duration_range": {"'{duration}' is out of range: an event lasts from {min} to {max}.", "'{duration}' è fuori dai limiti: un evento dura da {min} a {max}."},
		"err.when_unread":          {"Could not read the date '{when}'; try `2026-12-10 18:30`, `12/12 18:30` or `next friday 7pm`, optionally followed by a time zone (`Europe/London`) and a length (`for 2h`).", "Non riesco a leggere la data '{when}'; prova `2026-12-10 18:30`, `12/12 18:30` o `venerdì prossimo alle 19`, seguiti se vuoi da un fuso orario (`Europe/London`) e da una durata (`per 2h`)."},
	}
}
