package kit

import (
	"errors"
	"io"
	"net/http"
)

// ReadBody reads a webhook's body of at most max bytes, before anything
// checks its signature. When it cannot, it has answered already (413 above
// max, 400 otherwise) and returns false.
func ReadBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return nil, false
	}
	return body, true
}
