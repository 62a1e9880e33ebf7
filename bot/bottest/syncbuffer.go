package bottest

import (
	"bytes"
	"sync"
)

// SyncBuffer is a bytes.Buffer that an adapter's goroutines can write (a
// log, the console's output) while the test reads it. The zero value is
// ready to use.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String is everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Len is how many bytes were written so far, an offset for [SyncBuffer.From].
func (s *SyncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// From is what was written from byte offset on.
func (s *SyncBuffer) From(offset int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()[offset:]
}

// Take returns what was written since the last call, and forgets it.
func (s *SyncBuffer) Take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}
