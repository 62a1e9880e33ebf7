package dash_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rete-bot/rete/bot"
)

// putEvents stores events.
func (e *env) putEvents(evs ...*bot.Event) {
	e.t.Helper()
	err := e.db.Update(context.Background(), func(tx bot.Tx) error {
		for _, ev := range evs {
			if err := tx.PutEvent(ev); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestEventsUpcomingAndPastWithRSVPs(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"anna", "bruno", "carla"} {
		e.do(u, "join")
	}
	e.do("anna", "name <script>x</script>")
	evs := []*bot.Event{
		{Community: comm, ID: "1", Title: "Old dinner", Start: e.now.Add(-48 * time.Hour), Duration: time.Hour,
			RSVPs: map[string]bool{"console:local:bruno": true}},
		{Community: comm, ID: "2", Title: "Aperitivo", Start: e.now.Add(72 * time.Hour),
			RSVPs: map[string]bool{"console:local:anna": true, "console:local:bruno": true, "console:local:carla": false}},
	}
	e.putEvents(evs...)
	c, _ := e.signIn()
	code, body, _ := get(t, c, e.srv.URL+"/dash/events")
	if code != http.StatusOK {
		t.Fatalf("events: %d", code)
	}
	if strings.Contains(body, "<script>") {
		t.Error("a member's name reaches the events page unescaped")
	}
	up, past := body[strings.Index(body, "Upcoming events"):strings.Index(body, "Past events")], body[strings.Index(body, "Past events"):]
	if !strings.Contains(up, "Aperitivo") || !strings.Contains(up, `data-label="Going">2</td>`) || !strings.Contains(up, "bruno") {
		t.Errorf("upcoming lacks Aperitivo with 2 going:\n%s", up)
	}
	if strings.Contains(up, "carla") || !strings.Contains(up, `data-label="Not going">1</td>`) {
		t.Error("carla, not going, is listed as going or not counted as not going")
	}
	if !strings.Contains(past, "Old dinner") || !strings.Contains(past, `data-label="Going">1</td>`) {
		t.Errorf("past lacks the old dinner with 1 going:\n%s", past)
	}
}

func TestPastEventsPagedLatestFirst(t *testing.T) {
	e := newEnv(t)
	e.do("anna", "join")
	for i := range 12 {
		e.putEvents(&bot.Event{Community: comm, ID: fmt.Sprint(i + 1), Title: fmt.Sprintf("Dinner %d", i+1), Start: e.now.AddDate(0, 0, -30+i),
			RSVPs: map[string]bool{"console:local:anna": true}})
	}
	c, _ := e.signIn()
	_, body, _ := get(t, c, e.srv.URL+"/dash/events")
	if n := strings.Count(body, `class="event"`); n != 10 || !strings.Contains(body, "Dinner 12") || strings.Contains(body, "Dinner 2<") {
		t.Errorf("first page shows %d past events, want the latest 10 (12 to 3)", n)
	}
	if !strings.Contains(body, `href="/dash/events?page=1"`) {
		t.Fatal("no link to older events")
	}
	_, body, _ = get(t, c, e.srv.URL+"/dash/events?page=1")
	if n := strings.Count(body, `class="event"`); n != 2 || !strings.Contains(body, "Dinner 1<") || !strings.Contains(body, "anna") {
		t.Errorf("second page shows %d past events, want dinners 2 and 1 with anna going", n)
	}
}
