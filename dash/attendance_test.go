package dash_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// attended reads who is recorded as having come to event id.
func (e *env) attended(id string) []bot.MemberID {
	e.t.Helper()
	var ids []bot.MemberID
	err := e.db.View(context.Background(), func(tx bot.Tx) error {
		ev, err := tx.Event(comm, id)
		if err == nil {
			ids = ev.Attended
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// A moderator ticks who came to a past event: the page lists who said
// yes, not the others, and shows the count once recorded; a forged form,
// a future event and someone who did not say yes are refused.
func TestRecordAttendanceOfPastEvent(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno", "carla", "dario"} {
		e.do(u, "join")
	}
	e.do("anna", "name <script>x</script>")
	rsvps := map[string]bool{"console:local:anna": true, "console:local:bruno": true, "console:local:carla": false}
	e.putEvents(
		&bot.Event{Community: comm, ID: "1", Title: "Old dinner", Start: e.now.Add(-48 * time.Hour), Duration: time.Hour, RSVPs: rsvps},
		&bot.Event{Community: comm, ID: "2", Title: "Aperitivo", Start: e.now.Add(72 * time.Hour), RSVPs: rsvps},
	)
	c, csrf := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/events")
	past := body[strings.Index(body, "Past events"):]
	if strings.Contains(body, "<script>x") {
		t.Error("a member's name reaches the events page unescaped")
	}
	if !strings.Contains(past, `value="console:local:bruno"`) || !strings.Contains(past, `value="console:local:anna"`) ||
		strings.Contains(past, "console:local:carla") || strings.Contains(past, "console:local:dario") {
		t.Errorf("the past event's form lists other than who said yes:\n%s", past)
	}
	if !strings.Contains(past, "not recorded") || strings.Contains(past, " checked") {
		t.Error("attendance shows as recorded before anyone recorded it")
	}
	if up := body[:strings.Index(body, "Past events")]; strings.Contains(up, "/dash/events/attendance") {
		t.Error("an upcoming event offers to record attendance")
	}

	form := func(event string, members ...string) url.Values {
		return url.Values{"csrf": {csrf}, "event": {event}, "member": members}
	}
	noCSRF := form("1", "console:local:bruno")
	noCSRF.Del("csrf")
	if code, _ := post(t, c, e.srv.URL+"/dash/events/attendance", noCSRF); code != http.StatusForbidden {
		t.Errorf("attendance without a CSRF token: %d, want 403", code)
	}
	for _, tc := range []struct {
		name, event, member, flash string
	}{
		{"future event", "2", "console:local:bruno", "not started yet"},
		{"said no", "1", "console:local:carla", "Only members who said they would go"},
		{"never answered", "1", "console:local:dario", "Only members who said they would go"},
	} {
		code, page := post(t, c, e.srv.URL+"/dash/events/attendance", form(tc.event, tc.member))
		if code != http.StatusOK || !strings.Contains(page, tc.flash) {
			t.Errorf("%s: %d, want the events page saying %q", tc.name, code, tc.flash)
		}
		if got := e.attended(tc.event); len(got) != 0 {
			t.Errorf("%s: stored %v", tc.name, got)
		}
	}

	code, page := post(t, c, e.srv.URL+"/dash/events/attendance", form("1", "console:local:bruno"))
	if code != http.StatusOK || !strings.Contains(page, "Attendance saved for Old dinner: 1 person came.") {
		t.Errorf("saving attendance: %d, no flash", code)
	}
	if got := e.attended("1"); !slices.Equal(got, []bot.MemberID{{Platform: "console", Space: "local", User: "bruno"}}) {
		t.Errorf("stored attendance %v, want bruno", got)
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/events")
	past = body[strings.Index(body, "Past events"):]
	if !strings.Contains(past, `data-label="Attended">1</td>`) || !strings.Contains(past, `value="console:local:bruno" checked>`) ||
		strings.Contains(past, `value="console:local:anna" checked`) {
		t.Errorf("the page does not show bruno, alone, as attended:\n%s", past)
	}
	if strings.Contains(body, "<script>x") {
		t.Error("a member's name reaches the events page unescaped")
	}
	// Unticking everyone records that nobody came, which is not "not recorded".
	post(t, c, e.srv.URL+"/dash/events/attendance", form("1"))
	_, body, _ = get(t, c, e.srv.URL+"/dash/events")
	if got := e.attended("1"); len(got) != 0 || !strings.Contains(body, `data-label="Attended">0</td>`) {
		t.Errorf("after unticking all: stored %v, page shows 0: %v", got, strings.Contains(body, `data-label="Attended">0</td>`))
	}
}
