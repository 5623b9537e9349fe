package postgres_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/postgres"
)

// A host that already has a PostgreSQL database keeps the library's tables
// in it under a prefix, runs the migrations at start-up, and uses the
// library in a few lines. (This example needs a server, so go test compiles
// it without running it; sqlstore's TestMigrateUpAndDown runs the same steps.)
func ExampleNew() {
	ctx := context.Background()
	db, err := postgres.Open(os.Getenv("DATABASE_URL")) // pgx, in exec mode unless the URL names one
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store, err := postgres.New(db, sqlstore.WithPrefix("eops_"))
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil { // creates eops_centres, eops_people, …
		log.Fatal(err)
	}
	svc := standards.New(store)

	reg, err := svc.RegisterCentre(ctx, standards.Actor{Email: "head@riverside.sch.uk"}, standards.CentreRegistration{
		Year: standards.YearOf(time.Now()), CentreNumber: "12345", CentreName: "Riverside Academy",
		FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reg.Status)
}
