package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/rete-bot/rete/store"
)

// The admin endpoint lets a second rete process (`rete backup`) ask the
// running `rete serve` for what needs the data dir it holds locked. It is
// an HTTP server on a unix socket in the data dir, readable and writable
// by the owner alone, so that it is never on the public listener and the
// file system's permissions are its authentication.
//
//	GET /backup   the backup stream of the store (store.DB.Backup)

// adminSocket is the admin endpoint's socket file in the data dir.
const adminSocket = "admin.sock"

// listenAdmin serves the admin endpoint until ctx ends, and removes the
// socket then. A stale socket left by a killed rete is replaced: the data
// dir's lock, held by this process, says no other rete serves it.
func listenAdmin(ctx context.Context, dir string, db *store.DB, log *slog.Logger) error {
	path := filepath.Join(dir, adminSocket)
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("admin endpoint: %w", err)
	}
	// Badger makes the data dir 0700; the socket is narrowed too, in case
	// an operator opened the dir up.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("admin endpoint: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if err := db.Backup(w); err != nil {
			// The client checks the stream whole: a cut one fails its check.
			log.Error("admin: backup", "err", err)
			return
		}
		log.Info("admin: backup sent")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	err = srv.Serve(ln)
	os.Remove(path)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// adminClient is an HTTP client that dials the admin socket of dir.
func adminClient(dir string) *http.Client {
	path := filepath.Join(dir, adminSocket)
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
}

// backupFromServer asks the rete serving dir for a backup and writes it to
// path as writeBackup does.
func backupFromServer(ctx context.Context, dir, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://rete/backup", nil)
	if err != nil {
		return err
	}
	resp, err := adminClient(dir).Do(req)
	if err != nil {
		return fmt.Errorf("the running rete's admin endpoint (%s): %w", filepath.Join(dir, adminSocket), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running rete answered %s", resp.Status)
	}
	return writeBackupFrom(path, func(w io.Writer) error {
		_, err := io.Copy(w, resp.Body)
		return err
	})
}
