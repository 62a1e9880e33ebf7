package bot

// eventTexts are the catalog entries of events: key → {en, it}.
// Member-written values (titles, places) are never inside *bold* or
// `code`: they are plain spans.
func eventTexts() map[string][]string {
	return map[string][]string{
		// Help.
		"help.events":         {"upcoming events, with their ids and who is going", "i prossimi eventi, con id e partecipanti"},
		"help.rsvp":           {"say whether you are going to an event", "di' se partecipi a un evento"},
		"help.notify":         {"also get event announcements by direct message (off unless you turn it on)", "ricevi gli annunci degli eventi anche in privato (di norma no)"},
		"help.announce":       {"announce an event: TITLE | WHEN | PLACE [| DETAILS], e.g. Aperitivo | 2026-12-10 18:30 | Bar Centrale, Roma", "annuncia un evento: TITOLO | QUANDO | LUOGO [| DETTAGLI], per esempio Aperitivo | 10/12/2026 18:30 | Bar Centrale, Roma"},
		"help.event":          {"cancel or change an event, or introduce its attendees", "annulla o modifica un evento, o presenta tra loro i partecipanti"},
		"help.event_cancel":   {"cancel an event; those going are told", "annulla un evento e avvisa chi partecipa"},
		"help.event_edit":     {"change an event's title, when, place or details; those going are told", "modifica titolo, data e ora, luogo o dettagli di un evento e avvisa chi partecipa"},
		"help.event_intros":   {"pair the attendees of an event with the weekly matcher and introduce them", "abbina i partecipanti di un evento come nel giro settimanale e presentali tra loro"},
		"btn.event_going":     {"Going", "Partecipo"},
		"btn.event_not_going": {"Not going", "Non partecipo"},

		// Errors.
		"err.event_fields":      {"Give the event as `{prefix}announce TITLE | WHEN | PLACE [| DETAILS]`, for example `{prefix}announce Aperitivo | 2026-12-10 18:30 | Bar Centrale, Roma | Bring cards`.", "Scrivi l'evento come `{prefix}announce TITOLO | QUANDO | LUOGO [| DETTAGLI]`, per esempio `{prefix}announce Aperitivo | 10/12/2026 18:30 | Bar Centrale, Roma | Portate i biglietti`."},
		"err.event_control":     {"The event's {field} cannot contain control characters.", "Il campo {field} dell'evento non può contenere caratteri di controllo."},
		"err.event_empty":       {"Nothing was given for the event's {field}.", "Il campo {field} dell'evento è vuoto."},
		"err.event_long":        {"You gave {n} characters for the event's {field}; the limit is {max}.", "Il campo {field} dell'evento ha {n} caratteri; il limite è {max}."},
		"err.event_year":        {"'{date}' has no four-digit year, so it is ambiguous: write `10/12/2026` (day first) or `2026-12-10`.", "'{date}' non ha un anno di quattro cifre, quindi è ambiguo: scrivi `10/12/2026` (prima il giorno) o `2026-12-10`."},
		"err.event_date":        {"{date} is not a real date.", "{date} non è una data esistente."},
		"err.event_zone":        {"'{zone}' is not a time zone: use an IANA name such as `Europe/Rome`.", "'{zone}' non è un fuso orario: usa un nome IANA come `Europe/Rome`."},
		"err.event_duration":    {"'{duration}' is not a length: use e.g. `for 2h` or `for 90m`, at most 7 days.", "'{duration}' non è una durata: usa per esempio `per 2h` o `per 90m`, al massimo 7 giorni."},
		"err.event_gap":         {"{when} does not exist in {zone}: the clocks jump forward that night. Pick another time.", "{when} non esiste in {zone}: quella notte gli orologi vanno avanti. Scegli un altro orario."},
		"err.event_ambiguous":   {"{when} happens twice in {zone}: the clocks go back that night. Pick another time, or give it in UTC.", "{when} capita due volte in {zone}: quella notte gli orologi tornano indietro. Scegli un altro orario, o indicalo in UTC."},
		"err.event_past":        {"{when} is in the past.", "{when} è nel passato."},
		"err.event_far":         {"{when} is more than two years away.", "{when} è a più di due anni da oggi."},
		"err.event_unknown":     {"There is no event {id}: `{prefix}events` lists them.", "Non c'è nessun evento {id}: `{prefix}events` li elenca."},
		"err.event_canceled":    {"Event {id} ({title}) is canceled.", "L'evento {id} ({title}) è annullato."},
		"err.event_started":     {"Event {id} ({title}) has already started.", "L'evento {id} ({title}) è già iniziato."},
		"err.event_unchanged":   {"Nothing to change: the event already has the same {field}.", "Il campo {field} ha già questo valore."},
		"err.event_intros_done": {"The attendees of event {id} were already introduced.", "Le presentazioni tra chi partecipa all'evento {id} sono già state fatte."},
		"err.event_intros_few":  {"Event {id} has {n} {n|attendee|attendees} who can be paired now; it takes at least 2.", "L'evento {id} ha {n} {n|partecipante abbinabile|partecipanti abbinabili} ora; ne servono almeno 2."},

		// Replies.
		"msg.event_announced":     {"Event {id} announced: {title}, {when}. Posted to {posts} {posts|channel|channels}.", "Evento {id} annunciato: {title}, {when}. Pubblicato in {posts} {posts|canale|canali}."},
		"msg.event_no_channel":    {"No space of this community has an announcement channel: members see the event with `{prefix}events`.", "Nessuno spazio di questa community ha un canale annunci: i membri vedono l'evento con `{prefix}events`."},
		"msg.events_none":         {"No upcoming events.", "Nessun evento in programma."},
		"msg.events_title":        {"Upcoming events ({n})", "Prossimi eventi ({n})"},
		"msg.events_item":         {"{id}: {title} — {when}, {place} — {going} going", "{id}: {title} — {when}, {place} — {going} {going|partecipante|partecipanti}"},
		"msg.events_you_go":       {" (you are going)", " (partecipi)"},
		"msg.events_hint":         {"Answer with `{prefix}rsvp ID yes` or `{prefix}rsvp ID no`.", "Rispondi con `{prefix}rsvp ID sì` o `{prefix}rsvp ID no`."},
		"msg.rsvp_yes":            {"You are going to {title}, {when}. Going: {going}.", "Partecipi all'evento «{title}», {when}. Partecipanti: {going}."},
		"msg.rsvp_remind":         {"I will remind you {before} before.", "Te lo ricorderò {before} prima."},
		"msg.rsvp_no":             {"Noted: you are not going to {title}.", "Ne prendo nota: non partecipi a {title}."},
		"msg.notify_events_on":    {"You will also get event announcements by direct message. `{prefix}notify events off` stops them.", "Riceverai gli annunci degli eventi anche in privato. `{prefix}notify eventi off` li ferma."},
		"msg.notify_events_off":   {"No more event announcements by direct message.", "Niente più annunci degli eventi in privato."},
		"msg.event_canceled_done": {"Event {id} ({title}) is canceled; {n} {n|attendee was|attendees were} told.", "L'evento {id} ({title}) è annullato; avviso {n} {n|partecipante|partecipanti}."},
		"msg.event_edited":        {"Event {id}: {field} changed from '{old}' to '{new}'; {n} {n|attendee was|attendees were} told.", "Evento {id}, {field}: prima '{old}', ora '{new}'; avviso {n} {n|partecipante|partecipanti}."},
		"msg.event_intros_ran":    {"Attendees of event {id} ({title}): {n} {n|group|groups}; intros are on their way.", "Partecipanti dell'evento {id} ({title}): {n} {n|gruppo|gruppi}; le presentazioni sono in arrivo."},

		// Posts and DMs.
		"msg.event_post_canceled": {"CANCELED: {title}", "ANNULLATO: {title}"},
		"msg.event_post_when":     {"*When:* {when}", "*Quando:* {when}"},
		"msg.event_post_where":    {"*Where:* {place}", "*Dove:* {place}"},
		"msg.event_post_going":    {"*Going:* {n}", "*Partecipanti:* {n}"},
		"msg.event_post_calendar": {"Add to your calendar: {link}", "Aggiungi al calendario: {link}"},
		"msg.event_post_hint":     {"Event {id} · `{prefix}rsvp {id} yes` · `{prefix}rsvp {id} no`", "Evento {id} · `{prefix}rsvp {id} sì` · `{prefix}rsvp {id} no`"},
		"msg.event_dm_new":        {"New event in {community}:", "Nuovo evento in {community}:"},
		"msg.event_dm_notify_off": {"You get these because of `notify events on`; `notify events off` stops them.", "Li ricevi perché hai scritto `notify eventi on`; `notify eventi off` li ferma."},
		"msg.event_dm_reminder":   {"Reminder: {title} is on {when}.", "Promemoria: {title}, {when}."},
		"msg.event_dm_canceled":   {"Canceled: {title}, planned for {when}, will not take place.", "Evento annullato: {title}, previsto per {when}, non si terrà."},
		"msg.event_dm_changed":    {"An event you are going to changed its {field}: {title}", "Un evento a cui partecipi ha cambiato {field}: {title}"},
		"msg.event_dm_old":        {"before: {value}", "prima: {value}"},
		"msg.event_dm_new_value":  {"now: {value}", "ora: {value}"},
		"msg.event_field_title":   {"title", "titolo"},
		"msg.event_field_when":    {"date and time", "data e ora"},
		"msg.event_field_place":   {"place", "luogo"},
		"msg.event_field_details": {"details", "dettagli"},
		"msg.event_intro_title":   {"You are going to {title}: meet {names}", "Partecipate all'evento «{title}»: ecco {names}"},
	}
}
