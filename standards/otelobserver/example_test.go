package otelobserver_test

import (
	"log"

	"github.com/uptrace/bun/extra/bunotel"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/otelobserver"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// A host that has set up OpenTelemetry's global providers (with its own
// exporters) traces every call, and every SQL statement under it.
func Example() {
	store, err := sqlite.Open("eops.db", sqlstore.WithQueryHook(bunotel.NewQueryHook(bunotel.WithDBName("eops"))))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	obs, err := otelobserver.New()
	if err != nil {
		log.Fatal(err)
	}
	svc := standards.New(store, standards.WithObserver(obs))
	_ = svc
}
