// Command webdemo serves the eops reference web app.
//
// Usage:
//
//	webdemo [-addr host:port]
//
// The listen address comes from -addr, else from $EOPS_ADDR, else
// 127.0.0.1:8080.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/eops/eops/webdemo/app"
)

const defaultAddr = "127.0.0.1:8080"

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "webdemo:", err)
		os.Exit(1)
	}
}

// config resolves the listen address: the -addr flag beats $EOPS_ADDR,
// which beats the default.
func config(args []string, getenv func(string) string, errOut io.Writer) (addr string, err error) {
	fs := flag.NewFlagSet("webdemo", flag.ContinueOnError)
	fs.SetOutput(errOut)
	addrDefault := defaultAddr
	if v := getenv("EOPS_ADDR"); v != "" {
		addrDefault = v
	}
	fs.StringVar(&addr, "addr", addrDefault, "listen address (env EOPS_ADDR)")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if addr == "" {
		return "", errors.New("empty listen address")
	}
	return addr, nil
}

func run(args []string, getenv func(string) string, out, errOut io.Writer) error {
	addr, err := config(args, getenv, errOut)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(errOut, nil))

	// The store (standards backed by storage) will be wired in here and
	// handed to app.New as an option.
	handler := app.New(app.WithLogger(logger))

	srv := &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serveErr := make(chan error, 1)
	go func() {
		fmt.Fprintf(out, "eops webdemo listening on http://%s\n", addr)
		serveErr <- srv.ListenAndServe()
	}()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	stop()

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
