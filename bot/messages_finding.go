package bot

// findingTexts are the texts of finding people: find's close skills,
// member references by name, and the moderators' member list.
func findingTexts() map[string][]string {
	return map[string][]string{
		"msg.find_title_close":      {"{n} offering *{skill}* or a close skill:", "In {n} offrono *{skill}* o una competenza vicina:"},
		"msg.find_title_many_close": {"About {n} offering *{skill}* or a close skill; the best matches:", "Circa {n} offrono *{skill}* o una competenza vicina; i più adatti:"},
		"msg.find_offers":           {"offers {skill}", "offre {skill}"},
		"err.member_which":          {"Several members match {member}: {list}. Which one? Write their @handle.", "Più membri corrispondono a {member}: {list}. Quale? Scrivi l'@handle di chi cerchi."},
	}
}
