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
//
// The story in main stops at the first error (log.Fatal), an example's
// way; the parts a product would copy (actorFor, deliverOutbox,
// writeTrackerCSV) return theirs.
package main

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

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
	ctx := context.Background()

	// The product's own database, opened as it always has been, with its
	// users: the head, and the staff its HR import added.
	db, tables, newStore := openHostDatabase(*dsn)
	defer db.Close()
	must(db.ExecContext(ctx, hostSchema))
	must(db.ExecContext(ctx, "INSERT INTO mis_users (id, email, full_name) VALUES (1, 'head@riverside.sch.uk', 'Sam Senior')"))
	check(addStaff(ctx, db, staffCSV, 2))

	// The library, in the same database under a prefix, migrated at start.
	store := must(newStore(db, sqlstore.WithPrefix("eops_")))
	check(store.Migrate(ctx))
	svc := standards.New(store)
	// Its tables: its own, and the library's under the prefix.
	var own string
	var library int
	check(db.QueryRowContext(ctx, "SELECT string_agg(name, ', ' ORDER BY name) FILTER (WHERE name NOT LIKE 'eops_%'), "+
		"count(*) FILTER (WHERE name LIKE 'eops_%') FROM ("+tables+") AS t").Scan(&own, &library))
	fmt.Printf("the product's database (%s) holds %s and %d tables of the library under eops_\n", store.Dialect(), own, library)

	// User 1 has signed in to the product; the product says who is acting.
	head := must(actorFor(ctx, db, 1))
	year := standards.YearOf(time.Now())
	sl := must(svc.RegisterCentre(ctx, head, standards.CentreRegistration{Year: year, CentreNumber: "12345",
		CentreName: "Riverside Academy", FullName: head.Name, Roles: standards.Roles{standards.RoleSL}}))
	fmt.Printf("user 1 (%s) registered centre 12345 Riverside Academy for %s\nstaff list:\n", head.Name, year)

	// The staff list, as the MIS keeps it: every row succeeds or fails on
	// its own (R-REG-11). The head oversees each exams officer.
	for _, r := range must(svc.RegisterColleagues(ctx, head, sl.CentreID, year, strings.NewReader(staffCSV))) {
		if r.Err != nil {
			fmt.Printf("  line %d %s: not registered: %v\n", r.Line, r.Email, r.Err)
			continue
		}
		fmt.Printf("  line %d %s: registered as %s\n", r.Line, r.Email, r.Registration.Roles)
		if r.Registration.Roles.Has(standards.RoleEO) {
			must(svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: r.Registration.ID, Overseer: sl.ID}))
		}
	}

	// An exams officer signs in to the product and proposes a target: the
	// library attaches the product's user id to the person it already had.
	eve := must(actorFor(ctx, db, 2))
	_, _, err := svc.ProposeTarget(ctx, eve, must(svc.MyRegistrations(ctx, eve))[0].RecordID, standards.TargetInput{CatalogueItemID: "ku-entries"})
	check(err)
	me := must(svc.Me(ctx, eve))
	fmt.Printf("user 2 (%s) is the library's person with external id %s\n", me.Name, me.ExternalID)
	check(deliverOutbox(ctx, svc, db))

	// The school moves to a new e-mail domain. The product tells the
	// library, acting as user 2 by its id alone, and the library keeps their
	// history. (Until it is told, the library refuses user 2 with the new
	// address, ErrConflict, rather than take them for someone new.)
	must(db.ExecContext(ctx, "UPDATE mis_users SET email = 'eve@riverside.academy' WHERE id = 2"))
	must(svc.ChangeEmail(ctx, standards.Actor{ExternalID: eve.ExternalID}, me.ID, "eve@riverside.academy"))
	eve = must(actorFor(ctx, db, 2))
	fmt.Printf("user 2 moved to %s and keeps %d registration(s)\n", eve.Email, len(must(svc.MyRegistrations(ctx, eve))))
	check(deliverOutbox(ctx, svc, db))

	fmt.Println("the centre's tracker as CSV:")
	check(writeTrackerCSV(os.Stdout, must(svc.CentreDashboard(ctx, head, sl.CentreID, year))))
}

// openHostDatabase opens the product's database: PostgreSQL when a DSN is
// given, otherwise a new SQLite file. It returns with it a query of its
// tables' names (the catalogues differ) and the library's constructor for
// its dialect.
func openHostDatabase(dsn string) (*sql.DB, string, func(*sql.DB, ...sqlstore.Option) (*sqlstore.Store, error)) {
	if dsn != "" {
		return must(postgres.Open(dsn)), "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()", postgres.New
	}
	db := must(sql.Open("sqlite", sqlite.DSN(filepath.Join(must(os.MkdirTemp("", "mis-vendor")), "mis.db"))))
	db.SetMaxOpenConns(1) // SQLite has one writer, and the product and the library share this pool
	return db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", sqlite.New
}

// deliverOutbox claims the library's pending events, tells each addressee
// through the product (printed here), and acknowledges them, so that no
// claim returns them again. A real product runs this on a timer, on as
// many servers as it likes: a claim leases its events to this deliverer
// for a minute, so two servers never tell one event twice. Delivery is at
// least once (a server that stops before it acknowledges leaves its events
// to be claimed again after the lease), so the product files each
// notification under the event's ID and ignores one it already has.
func deliverOutbox(ctx context.Context, svc *standards.Service, db *sql.DB) error {
	fmt.Println("notifications:")
	host, _ := os.Hostname()
	deliverer := fmt.Sprintf("mis-vendor %s %d", host, os.Getpid())
	for {
		events, err := svc.ClaimEvents(ctx, deliverer, time.Minute, 100)
		if err != nil || len(events) == 0 {
			return err
		}
		for _, e := range events {
			for _, to := range e.To {
				// The product's user with the address: its own way to tell them.
				id, name := 0, ""
				switch err := db.QueryRowContext(ctx, "SELECT id, full_name FROM mis_users WHERE email = $1", to).Scan(&id, &name); {
				case errors.Is(err, sql.ErrNoRows): // an address a user had before they moved: by plain e-mail
					fmt.Printf("  to %s, no user's now: %s\n", to, e.Kind)
				case err != nil:
					return fmt.Errorf("event %d to %s: %w", e.Seq, to, err)
				default:
					fmt.Printf("  to user %d (%s): %s: %s\n", id, name, e.Kind, e.Summary)
				}
			}
			if err := svc.AckEvents(ctx, e.Seq); err != nil {
				return err
			}
		}
	}
}

// writeTrackerCSV writes a centre's dashboard, one exams officer a row, as
// the MIS's reports do: everything in a row comes from the one call. Names
// are what people typed: standards.CSVWriter keeps a name such as
// =HYPERLINK(...) from running as a formula in the spreadsheet that opens
// the file, which encoding/csv alone does not.
func writeTrackerCSV(w io.Writer, board standards.CentreDashboard) error {
	rows := [][]string{{"exams officer", "email", standards.AreaKnowledge.String(), standards.AreaSkills.String(), standards.AreaValues.String(),
		"overseers", "CPD hours", "next due", "certified", "needs attention"}}
	for _, e := range board.ExamsOfficers {
		row := []string{e.ExamsOfficer.Person.Name, e.ExamsOfficer.Person.Email}
		for _, a := range e.Areas {
			row = append(row, fmt.Sprintf("%d/%d", a.Achieved, a.Total))
		}
		var overseers, flags []string
		for _, o := range e.Overseers {
			overseers = append(overseers, o.Person.Name)
		}
		for _, f := range e.Flags {
			flags = append(flags, string(f.Code))
		}
		rows = append(rows, append(row, strings.Join(overseers, "; "), fmt.Sprint(e.CPDHours), e.NextDue.Title, fmt.Sprint(e.Certified),
			strings.Join(flags, " ")))
	}
	return standards.NewCSVWriter(w).WriteAll(rows)
}

// The MIS product as it was before it embedded eops: its own users table
// and its own login. The library never sees either; the host turns its
// signed-in user into a standards.Actor. Its SQL has one form for both
// databases: PostgreSQL's $1, which SQLite reads too.

// hostSchema is the MIS's users table, as the product already has it.
const hostSchema = `CREATE TABLE IF NOT EXISTS mis_users (id INTEGER PRIMARY KEY, email VARCHAR(254) NOT NULL UNIQUE,
	full_name VARCHAR(200) NOT NULL, is_platform_operator BOOLEAN NOT NULL DEFAULT FALSE)`

// addStaff adds the staff list's people to the users table, as the MIS's
// HR import would have, numbering them from firstID. Row 0 is the header;
// a row the MIS itself would refuse (no address, no name) is left out.
func addStaff(ctx context.Context, db *sql.DB, staffCSV string, firstID int) error {
	rows, err := csv.NewReader(strings.NewReader(staffCSV)).ReadAll()
	for i := 1; err == nil && i < len(rows); i++ {
		if len(rows[i]) >= 2 && strings.Contains(rows[i][0], "@") {
			_, err = db.ExecContext(ctx, "INSERT INTO mis_users (id, email, full_name) VALUES ($1, $2, $3)", firstID+i-1, rows[i][0], rows[i][1])
		}
	}
	return err
}

// actorFor is the heart of the mapping: the MIS's signed-in user becomes the
// library's actor. ExternalID ties the library's person to the MIS's user
// id, and the MIS alone decides who runs the platform (R-TRU-3).
func actorFor(ctx context.Context, db *sql.DB, userID int) (a standards.Actor, err error) {
	err = db.QueryRowContext(ctx, "SELECT email, full_name, is_platform_operator FROM mis_users WHERE id = $1", userID).Scan(&a.Email, &a.Name, &a.Operator)
	a.ExternalID = fmt.Sprintf("mis-user-%d", userID)
	return a, err
}

// must stops the program on an error: an example's way, not a product's.
func must[T any](v T, err error) T {
	check(err)
	return v
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
