package kit

import (
	"context"
	"fmt"
)

// Marker is the optional ability of a [Seen] to read a mark without
// setting it. *store.DB and [NewMemorySeen]'s marks have it.
type Marker interface {
	Marked(ctx context.Context, key string) (bool, error)
}

// Marked reports whether key is marked in s, for marks kept as facts
// (with [Seen.Keep]) rather than as deliveries. A Seen without [Marker]
// cannot tell, and gets an error.
func Marked(ctx context.Context, s Seen, key string) (bool, error) {
	m, ok := s.(Marker)
	if !ok {
		return false, fmt.Errorf("kit: %T cannot read marks", s)
	}
	return m.Marked(ctx, key)
}

// Marked implements [Marker].
func (s *memorySeen) Marked(_ context.Context, key string) (bool, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.items[key]
	return ok && now.Before(e.Value.(seenItem).expires), nil
}
