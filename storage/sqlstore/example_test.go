package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
)

// A host that already has a PostgreSQL database keeps the library's tables
// in it under a prefix, runs the migrations at start-up, and uses the
// library in a few lines. (This example needs a server, so go test compiles
// it without running it; TestMigrateUpAndDown runs the same steps.)
func Example_postgreSQL() {
	ctx := context.Background()
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL")) // the host's own connection pool
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store, err := sqlstore.NewSQL(db, sqlstore.PostgreSQL, sqlstore.WithPrefix("eops_"))
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

// The embedded default: one SQLite file.
func ExampleOpenSQLite() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "eops")
	defer os.RemoveAll(dir)

	store, err := sqlstore.OpenSQLite(filepath.Join(dir, "eops.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	day := time.Date(2025, time.September, 15, 9, 0, 0, 0, time.UTC)
	svc := standards.New(store, standards.WithClock(func() time.Time { return day }))

	reg, err := svc.RegisterCentre(ctx, standards.Actor{Email: "head@riverside.sch.uk"}, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reg.Year, reg.Status, "admin:", reg.IsAdmin())

	if err := store.Backup(ctx, filepath.Join(dir, "backup.db")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("backed up")
	// Output:
	// 2025/26 approved admin: true
	// backed up
}
