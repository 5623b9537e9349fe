package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeptPagesAreSentAgainUntilSomethingChanges: a tracker, a centre's
// page and the home page read again by the same person, with nothing
// committed since, are sent as kept, without reading the record again;
// any command, by anyone, or the next day, makes them afresh; and another
// person never gets someone else's page. (Every page a test of this
// package reads is also compared with the app that keeps none:
// keptPagesAreFresh.)
func TestKeptPagesAreSentAgainUntilSomethingChanges(t *testing.T) {
	d, sl, eo, centreID, record := centreWithEO(t)
	tracker, centre := "/records/"+record, "/centres/"+centreID+"/2025-26"
	d.fresh = nil // its reads would count with the kept app's

	first := sl.get(tracker)
	require.Equal(t, http.StatusOK, first.status, first.body)
	reads := d.reads.Of("Tracker")
	again := sl.get(tracker)
	assert.Equal(t, reads, d.reads.Of("Tracker"), "read again with nothing changed: sent as kept")
	assert.Equal(t, first.body, again.body)

	sl.get(centre)
	sl.get("/")
	roster, todo := d.reads.Of("Roster"), d.reads.Of("WhatNeedsDoing")
	sl.get(centre)
	sl.get("/")
	assert.Equal(t, roster, d.reads.Of("Roster"), "the centre's page was kept")
	assert.Equal(t, todo, d.reads.Of("WhatNeedsDoing"), "the home page was kept")

	// Another person, the same address: their own page.
	eo.get(tracker)
	assert.Equal(t, reads+1, d.reads.Of("Tracker"), "the exams officer's tracker is not the senior leader's")

	// A command by someone else changes what the senior leader sees.
	res := eo.post(tracker+"/cpd", url.Values{"kind": {"webinar"}, "title": {"JCQ update webinar"}, "date-day": {"14"}, "date-month": {"9"}, "date-year": {"2025"}, "hours": {"1.5"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	after := sl.get(tracker)
	assert.Equal(t, reads+3, d.reads.Of("Tracker"), "read afresh after the command (the exams officer's redirect read one)")
	assert.Contains(t, after.body, "JCQ update webinar")

	// The next day, afresh too: flags and dates move with the day.
	sl.get(tracker)
	n := d.reads.Of("Tracker")
	d.now = d.now.AddDate(0, 0, 1)
	sl.get(tracker)
	assert.Equal(t, n+1, d.reads.Of("Tracker"), "read afresh on the next day")
}
