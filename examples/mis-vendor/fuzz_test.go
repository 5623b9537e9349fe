package main

// A fuzz target for the example's staff import, which a vendor may copy into
// its own product. Its seed corpus (f.Add below and testdata/fuzz/FuzzX)
// runs as an ordinary test; `go test -fuzz` explores further (see .ci/run
// and docs/security.md).

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzAddStaff checks addStaff on any staff list: it fails only on a file
// that is not CSV or a row the users table refuses, never by panicking; and
// every user it adds is a row of the list below its header, with an @ in
// its address.
func FuzzAddStaff(f *testing.F) {
	for _, s := range []string{staffCSV, "", "email\n", "email,full name,roles\n", "email\nkim@riverside.sch.uk\n",
		"email,full name\nkim@riverside.sch.uk,Kim\nkim@riverside.sch.uk,Kim again\n", "email,full name\n\"kim@riverside.sch.uk\nx\",Kim\n",
		"\ufeffemail,full name,roles\r\nkim@riverside.sch.uk,Kim Kaur,EO\r\n", "email,full name\nkim@riverside.sch.uk,\"Kim\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		ctx := context.Background()
		db, err := sql.Open("sqlite", "file::memory:")
		require.NoError(t, err)
		defer db.Close()
		db.SetMaxOpenConns(1) // one connection, one in-memory database
		_, err = db.ExecContext(ctx, hostSchema)
		require.NoError(t, err)

		err = addStaff(ctx, db, list, 2)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) && !errors.Is(err, csv.ErrFieldCount) {
				require.ErrorContains(t, err, "UNIQUE", "addStaff failed with neither a CSV error nor a duplicate address")
			}
			return
		}
		// The list as CSV reads it: a quoted address is not the text as
		// written ("k""im@…" is k"im@…), so each user is compared with its
		// row, not looked for in the text.
		records, err := csv.NewReader(strings.NewReader(list)).ReadAll()
		require.NoError(t, err, "addStaff read the list")
		rows, err := db.QueryContext(ctx, "SELECT id, email, full_name FROM mis_users")
		require.NoError(t, err)
		defer rows.Close()
		for rows.Next() {
			var id int
			var email, name string
			require.NoError(t, rows.Scan(&id, &email, &name))
			require.Contains(t, email, "@")
			require.GreaterOrEqual(t, id, 2)
			row := id - 1 // below the header, from firstID 2
			require.Less(t, row, len(records), "user %d is not in the list below its header", id)
			require.Equal(t, []string{records[row][0], records[row][1]}, []string{email, name}, "user %d is row %d of the list", id, row)
		}
		require.NoError(t, rows.Err())
	})
}

// TestAddStaffOfAnEmptyOrOneColumnList is the regression test for what
// FuzzAddStaff found: an empty list panicked on its missing header, and a
// list of one column on its missing names.
func TestAddStaffOfAnEmptyOrOneColumnList(t *testing.T) {
	for name, list := range map[string]string{"Empty": "", "OneColumn": "email\nkim@riverside.sch.uk\n"} {
		t.Run(name, func(t *testing.T) {
			db, err := sql.Open("sqlite", "file::memory:")
			require.NoError(t, err)
			defer db.Close()
			db.SetMaxOpenConns(1)
			_, err = db.Exec(hostSchema)
			require.NoError(t, err)

			require.NoError(t, addStaff(context.Background(), db, list, 2))
			var n int
			require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM mis_users").Scan(&n))
			require.Zero(t, n)
		})
	}
}
