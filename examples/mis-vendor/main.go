// Mis-vendor shows an MIS product embedding eops: the product already has
// its own users table, its own login and its own database (SQLite here, or
// PostgreSQL with -dsn). It keeps the library's tables under the prefix
// eops_ in that same database, maps its user ids to the library's people,
// registers a centre's staff from its staff list (a CSV), keeps a user as
// one person when their school changes e-mail domain, reads the
// library's outbox to send notifications its own way (printed here), and
// exports the centre's tracker as CSV.
//
//	go run ./examples/mis-vendor                       # a SQLite file in a temporary folder
//	go run ./examples/mis-vendor -dsn postgres://...   # the product's PostgreSQL
package main

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the product's PostgreSQL driver
	_ "modernc.org/sqlite"             // the product's SQLite driver, pure Go

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

//go:embed staff.csv
var staffCSV string

func main() {
	dsn := flag.String("dsn", "", "a PostgreSQL DSN for the product's database; without it, a SQLite file in a temporary folder")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *dsn); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, out io.Writer, dsn string) error {
	// The product's own database, opened as it always has been.
	db, dialect, err := openHostDatabase(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	q := placeholders(dialect == sqlstore.PostgreSQL)
	if err := createHostSchema(ctx, db); err != nil {
		return err
	}
	if err := addUser(ctx, db, q, user{ID: 1, Email: "head@riverside.sch.uk", Name: "Sam Senior"}); err != nil {
		return err
	}
	if err := addStaff(ctx, db, q, staffCSV, 2); err != nil {
		return err
	}

	// The library, in the same database under a prefix, migrated at start.
	newStore := sqlite.New
	if dialect == sqlstore.PostgreSQL {
		newStore = postgres.New
	}
	store, err := newStore(db, sqlstore.WithPrefix("eops_"))
	if err != nil {
		return err
	}
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	svc := standards.New(store)
	tables, err := tableNames(ctx, db, dialect)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "the product's database (%s) holds %s and %d tables of the library under eops_\n",
		dialect, strings.Join(without(tables, "eops_"), ", "), len(tables)-len(without(tables, "eops_")))

	// User 1 has signed in to the product; the product says who is acting.
	head, err := actorFor(ctx, db, q, 1)
	if err != nil {
		return err
	}
	year := standards.YearOf(time.Now())
	sl, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "user 1 (%s) registered centre 12345 Riverside Academy for %s\n", head.Name, year)

	// The staff list, as the MIS keeps it: every row succeeds or fails on
	// its own (R-REG-11).
	rows, err := svc.RegisterColleagues(ctx, head, sl.CentreID, year, strings.NewReader(staffCSV))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "staff list:")
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(out, "  line %d %s: not registered: %v\n", r.Line, r.Email, r.Err)
			continue
		}
		fmt.Fprintf(out, "  line %d %s: registered as %s\n", r.Line, r.Email, r.Registration.Roles)
		if r.Registration.Roles.Has(standards.RoleEO) {
			if _, err := svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: r.Registration.ID, Overseer: sl.ID}); err != nil {
				return err
			}
		}
	}

	// An exams officer signs in to the product and proposes a target: the
	// library attaches the product's user id to the person it already had.
	eve, err := actorFor(ctx, db, q, 2)
	if err != nil {
		return err
	}
	mine, err := svc.MyRegistrations(ctx, eve)
	if err != nil {
		return err
	}
	if _, _, err := svc.ProposeTarget(ctx, eve, mine[0].RecordID, standards.TargetInput{CatalogueItemID: "ku-entries"}); err != nil {
		return err
	}
	me, err := svc.Me(ctx, eve)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "user 2 (%s) is the library's person with external id %s\n", me.Name, me.ExternalID)

	if err := deliverOutbox(ctx, out, svc, db, q); err != nil {
		return err
	}

	// The school moves to a new e-mail domain. The library finds user 2 by
	// the product's id, refuses the new address until told (ErrConflict),
	// and keeps their history when the product tells it.
	if _, err := db.ExecContext(ctx, "UPDATE mis_users SET email = 'eve@riverside.academy' WHERE id = 2"); err != nil {
		return err
	}
	if eve, err = actorFor(ctx, db, q, 2); err != nil {
		return err
	}
	if _, err := svc.MyRegistrations(ctx, eve); errors.Is(err, standards.ErrConflict) {
		if _, err := svc.ChangeEmail(ctx, standards.Actor{ExternalID: eve.ExternalID}, me.ID, eve.Email); err != nil {
			return err
		}
	}
	if mine, err = svc.MyRegistrations(ctx, eve); err != nil {
		return err
	}
	fmt.Fprintf(out, "user 2 moved to %s and keeps %d registration(s)\n", eve.Email, len(mine))
	if err := deliverOutbox(ctx, out, svc, db, q); err != nil {
		return err
	}

	board, err := svc.CentreDashboard(ctx, head, sl.CentreID, year)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "the centre's tracker as CSV:")
	return writeTrackerCSV(out, board)
}

// deliverOutbox claims the library's pending events, tells each addressee
// through the product (printed here), and acknowledges them, so that no
// claim returns them again. A real product runs this on a timer, on as
// many servers as it likes: a claim leases its events to this deliverer
// for a minute, so two servers never tell one event twice. Delivery is at
// least once (a server that stops before it acknowledges leaves its events
// to be claimed again after the lease), so the product files each
// notification under the event's ID and ignores one it already has.
func deliverOutbox(ctx context.Context, out io.Writer, svc *standards.Service, db *sql.DB, q placeholders) error {
	fmt.Fprintln(out, "notifications:")
	host, _ := os.Hostname()
	deliverer := fmt.Sprintf("mis-vendor %s %d", host, os.Getpid())
	for {
		events, err := svc.ClaimEvents(ctx, deliverer, time.Minute, 100)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		var done []int64
		for _, e := range events {
			for _, to := range e.To {
				u, err := userByEmail(ctx, db, q, to)
				if errors.Is(err, sql.ErrNoRows) {
					// An address a user had before they moved: by plain e-mail.
					fmt.Fprintf(out, "  to %s, no user's now: %s\n", to, e.Kind)
					continue
				}
				if err != nil {
					return fmt.Errorf("event %d to %s: %w", e.Seq, to, err)
				}
				fmt.Fprintf(out, "  to user %d (%s): %s: %s\n", u.ID, u.Name, e.Kind, e.Summary)
			}
			done = append(done, e.Seq)
		}
		if err := svc.AckEvents(ctx, done...); err != nil {
			return err
		}
	}
}

// openHostDatabase opens the product's database: PostgreSQL when a DSN is
// given, otherwise a new SQLite file.
func openHostDatabase(dsn string) (*sql.DB, sqlstore.Dialect, error) {
	if dsn != "" {
		db, err := sql.Open("pgx", dsn)
		return db, sqlstore.PostgreSQL, err
	}
	dir, err := os.MkdirTemp("", "mis-vendor")
	if err != nil {
		return nil, "", err
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "mis.db")+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)")
	// One connection: SQLite has one writer, and the product and the library
	// share this pool.
	db.SetMaxOpenConns(1)
	return db, sqlstore.SQLite, err
}

// tableNames lists the tables of the product's database.
func tableNames(ctx context.Context, db *sql.DB, d sqlstore.Dialect) ([]string, error) {
	query := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d == sqlstore.PostgreSQL {
		query = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return names, rows.Err()
}

func without(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}
