package dash_test

import (
	"net/http"
	"testing"
)

// Page numbers past the last page, or too large for an int, are 404s,
// not a panic or an empty page that says nonsense.
func TestPagesPastTheEndAreNotFound(t *testing.T) {
	e := newEnv(t)
	rd := e.putBigRound(120)
	c, _ := e.signIn()
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/dash/rounds?page=0", http.StatusOK},
		{"/dash/rounds?page=1", http.StatusNotFound},
		{"/dash/rounds?page=3689348814741910323", http.StatusNotFound},
		{"/dash/rounds?page=99999999999999999999999", http.StatusNotFound},
		{"/dash/rounds/" + rd.ID + "?page=2", http.StatusOK},
		{"/dash/rounds/" + rd.ID + "?page=3", http.StatusNotFound},
		{"/dash/rounds/" + rd.ID + "?page=-50", http.StatusOK},
		{"/dash/rounds/" + rd.ID + "?page=9223372036854775807", http.StatusNotFound},
		{"/dash/events?page=0", http.StatusOK},
		{"/dash/events?page=1", http.StatusNotFound},
		{"/dash/events?page=922337203685477581", http.StatusNotFound},
		{"/dash/events?page=9223372036854775807", http.StatusNotFound},
	} {
		if code, _, _ := get(t, c, e.srv.URL+tc.path); code != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, code, tc.want)
		}
	}
}
