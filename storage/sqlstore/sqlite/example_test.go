package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// The embedded default: one SQLite file.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "eops")
	defer os.RemoveAll(dir)

	store, err := sqlite.Open(filepath.Join(dir, "eops.db"))
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
