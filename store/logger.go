package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// badgerLogger routes Badger's log lines into slog: Badger's INFO and DEBUG
// become Debug (they are chatty and of use only when diagnosing the store),
// WARNING becomes Warn and ERROR becomes Error.
type badgerLogger struct {
	log *slog.Logger
}

func (l badgerLogger) Errorf(format string, args ...any) {
	l.emit(slog.LevelError, format, args)
}

func (l badgerLogger) Warningf(format string, args ...any) {
	l.emit(slog.LevelWarn, format, args)
}

func (l badgerLogger) Infof(format string, args ...any) {
	l.emit(slog.LevelDebug, format, args)
}

func (l badgerLogger) Debugf(format string, args ...any) {
	l.emit(slog.LevelDebug, format, args)
}

func (l badgerLogger) emit(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	l.log.Log(ctx, level, strings.TrimSpace(fmt.Sprintf(format, args...)))
}
