package bot

// fix2bTexts holds texts added by the second round of tester fixes: cleared
// links, config refusals and the moderator's round preview.
func fix2bTexts() map[string][]string {
	return map[string][]string{
		"msg.links_cleared": {"Links cleared.", "Link cancellati."},
	}
}
