package kit

import (
	"net/url"
	"strings"
)

// WebURL returns raw normalised if it is an absolute http(s) URL: the
// only links rete puts on a button or in a message.
func WebURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}
