// Trust-portal shows a multi-academy trust's portal embedding eops: its own
// router and its own login (HTTP basic authentication against its own
// users, for brevity), with the eops web app mounted under /standards/ and a
// trust-wide page of its own at / built from the library's trust dashboard.
//
//	go run ./examples/trust-portal     # then open http://127.0.0.1:8090/
//
// It starts on a fresh SQLite file holding a trust of three centres; the
// sign-ins it prints all use the password "portal".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
	"github.com/eops/eops/webdemo/app"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "the address to serve on")
	flag.Parse()
	ctx := context.Background()

	dir, err := os.MkdirTemp("", "trust-portal")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := sqlite.Open(filepath.Join(dir, "eops.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	svc := standards.New(store)
	p := &portal{svc: svc, users: portalUsers}
	trustID, err := seed(ctx, svc)
	if err != nil {
		log.Fatal(err)
	}
	p.trustID = trustID

	// The portal's own router: its pages, and the eops app under
	// /standards/, which takes who is acting from the portal's login.
	standardsApp := app.New(svc, app.WithBasePath("/standards"), app.WithAuthenticator(p.actor))
	router := http.NewServeMux()
	router.Handle("/standards/", standardsApp)
	router.HandleFunc("GET /{$}", p.trustPage)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("trust portal on http://%s/\n", ln.Addr())
	for _, u := range portalUsers {
		fmt.Printf("  sign in as %s (%s)\n", u.email, u.role)
	}
	srv := &http.Server{Handler: p.requireLogin(router), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
