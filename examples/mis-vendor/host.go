package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/eops/eops/standards"
)

// This file is the MIS product as it was before it embedded eops: its own
// users table and its own login. The library never sees either; the host
// turns its signed-in user into a standards.Actor.

// createHostSchema makes the MIS's users table, as the product already has.
func createHostSchema(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS mis_users (
		id INTEGER PRIMARY KEY,
		email VARCHAR(254) NOT NULL UNIQUE,
		full_name VARCHAR(200) NOT NULL,
		is_platform_operator BOOLEAN NOT NULL DEFAULT FALSE
	)`)
	return err
}

// user is one row of the MIS's users table.
type user struct {
	ID       int
	Email    string
	Name     string
	Operator bool
}

// addUser inserts a user with the id the MIS gave them.
func addUser(ctx context.Context, db *sql.DB, q placeholders, u user) error {
	_, err := db.ExecContext(ctx, "INSERT INTO mis_users (id, email, full_name, is_platform_operator) VALUES ("+q.list(4)+")",
		u.ID, u.Email, u.Name, u.Operator)
	return err
}

// addStaff adds the staff list's people to the users table, as the MIS's
// HR import would have; rows the MIS itself would refuse are left out.
func addStaff(ctx context.Context, db *sql.DB, q placeholders, staffCSV string, firstID int) error {
	rows, err := csv.NewReader(strings.NewReader(staffCSV)).ReadAll()
	if err != nil {
		return err
	}
	for i, row := range rows {
		// Row 0 is the header. A list with one column has no names: the
		// MIS would refuse its rows, so they are left out too.
		if i == 0 || len(row) < 2 || !strings.Contains(row[0], "@") {
			continue
		}
		if err := addUser(ctx, db, q, user{ID: firstID + i - 1, Email: row[0], Name: row[1]}); err != nil {
			return err
		}
	}
	return nil
}

// actorFor is the heart of the mapping: the MIS's signed-in user becomes the
// library's actor. ExternalID ties the library's person to the MIS's user
// id, and the MIS alone decides who runs the platform (R-TRU-3).
func actorFor(ctx context.Context, db *sql.DB, q placeholders, userID int) (standards.Actor, error) {
	var u user
	err := db.QueryRowContext(ctx, "SELECT id, email, full_name, is_platform_operator FROM mis_users WHERE id = "+q.n(1), userID).
		Scan(&u.ID, &u.Email, &u.Name, &u.Operator)
	if errors.Is(err, sql.ErrNoRows) {
		return standards.Actor{}, fmt.Errorf("no user %d", userID)
	} else if err != nil {
		return standards.Actor{}, err
	}
	return standards.Actor{Email: u.Email, Name: u.Name, ExternalID: "mis-user-" + strconv.Itoa(u.ID), Operator: u.Operator}, nil
}

// userByEmail finds the MIS user an outbox event is addressed to, so that
// the MIS can notify them its own way (its inbox, its app, its e-mail).
func userByEmail(ctx context.Context, db *sql.DB, q placeholders, email string) (user, error) {
	var u user
	err := db.QueryRowContext(ctx, "SELECT id, email, full_name FROM mis_users WHERE email = "+q.n(1), email).Scan(&u.ID, &u.Email, &u.Name)
	return u, err
}

// placeholders writes the bind parameters of the host's database: ? for
// SQLite and MySQL, $1 for PostgreSQL.
type placeholders bool

func (dollar placeholders) n(i int) string {
	if dollar {
		return "$" + strconv.Itoa(i)
	}
	return "?"
}

func (dollar placeholders) list(count int) string {
	out := make([]string, count)
	for i := range out {
		out[i] = dollar.n(i + 1)
	}
	return strings.Join(out, ", ")
}

// writeTrackerCSV writes a centre's dashboard, one exams officer a row, as
// the MIS's reports do: everything in a row comes from the one call. Names are what people typed: standards.CSVWriter
// keeps a name such as =HYPERLINK(...) from running as a formula in the
// spreadsheet that opens the file, which encoding/csv alone does not.
func writeTrackerCSV(w io.Writer, board standards.CentreDashboard) error {
	out := standards.NewCSVWriter(w)
	header := []string{"exams officer", "email"}
	for _, a := range []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills, standards.AreaValues} {
		header = append(header, a.String())
	}
	if err := out.Write(append(header, "overseers", "CPD hours", "last meeting", "next due", "certified", "needs attention")); err != nil {
		return err
	}
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
		row = append(row, strings.Join(overseers, "; "), strconv.FormatFloat(e.CPDHours, 'f', -1, 64), day(e.LastMeeting), "")
		if e.NextDue.ID != "" {
			row[len(row)-1] = e.NextDue.Title + " by " + day(e.NextDue.Due)
		}
		if err := out.Write(append(row, strconv.FormatBool(e.Certified), strings.Join(flags, " "))); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

// day writes a day as the MIS's reports do, and nothing for none.
func day(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}
