package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/internal/exampletest"
)

// checkOutput checks what the example printed, whichever database it ran on.
func checkOutput(t *testing.T, out, dialect string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	require.NotEmpty(t, lines)
	// The library's tables, however many its migrations make, sit beside the
	// product's own under the prefix.
	assert.Regexp(t, `^the product's database \(`+dialect+`\) holds mis_users and [1-9][0-9] tables of the library under eops_$`, lines[0])
	for _, want := range []string{
		"registered centre 12345 Riverside Academy",
		"line 2 eve.officer@riverside.sch.uk: registered as EO",
		"line 4 lee.manager@riverside.sch.uk: registered as LM",
		"line 5 not-an-address: not registered: invalid input: email:",
		"user 2 (Eve Officer) is the library's person with external id mis-user-2",
		"user 2 moved to eve@riverside.academy and keeps 1 registration(s)",
		"to eve.officer@riverside.sch.uk, no user's now: person.email_changed",
		"to user 2 (Eve Officer): person.email_changed",
		"to user 3 (Tom Mover): registration.approved:",
		"to user 1 (Sam Senior): targets.proposed: Eve Officer proposed the target \"Entries and registrations\"",
		"exams officer,email,Knowledge and Understanding,Key Skills,Values and Attributes,overseers,CPD hours,next due,certified,needs attention",
		"Eve Officer,eve@riverside.academy,0/1,",
		"Tom Mover,tom.mover@riverside.sch.uk,0/0,",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 1, strings.Count(out, "targets.proposed"), "each event is delivered once, then acknowledged")
}

func TestMISVendorOnSQLite(t *testing.T) {
	t.Parallel()
	checkOutput(t, exampletest.Run(t, nil), "sqlite")
}

func TestMISVendorOnPostgreSQL(t *testing.T) {
	t.Parallel()
	dbtest.Need(t, dbtest.PostgresEnv, "PostgreSQL")
	checkOutput(t, exampletest.Run(t, nil, "-dsn", dbtest.PostgresDSN(t)), "postgres")
}
