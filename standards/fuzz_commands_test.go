package standards_test

// Fuzz targets for the Service's own checks of what people type into the
// year's commands: a CPD entry and a target. Each runs the real command on
// a fixture centre; what is accepted must be stored as the input cleaned
// (trimmed, within the limits), and what is refused must be a
// *ValidationError naming only the command's fields, with nothing written.

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// fuzzRecord is a fixture centre with the exams officer's record, made once
// per fuzzing process and made afresh when the record fills up.
type fuzzRecord struct {
	f   *fixture
	rec string
}

func newFuzzRecord(t testing.TB) *fuzzRecord {
	f := newFixture(t)
	var rec string
	roster, err := f.svc.Roster(t.Context(), adminActor, f.centre.ID, year)
	require.NoError(t, err)
	for _, m := range roster.Members {
		if m.Registration.ID == f.eo.ID {
			rec = m.RecordID
		}
	}
	require.NotEmpty(t, rec)
	return &fuzzRecord{f: f, rec: rec}
}

func (r *fuzzRecord) tracker(t *testing.T) standards.Tracker {
	tr, err := r.f.svc.Tracker(t.Context(), slActor, r.rec)
	require.NoError(t, err)
	return tr
}

// FuzzLogCPD logs a CPD entry with any title, provider, reflection, hours,
// day and kind.
func FuzzLogCPD(f *testing.F) {
	f.Add("Exams officer training", "NAEO", "I learnt about access arrangements.", 3.0, 10, "course")
	f.Add("  Padded  ", "", "", 0.25, 0, "reading")
	f.Add("", "x", "y", 0.0, 400, "party")
	f.Add("Tab\tin title", "Line\nbreak", "Bell\a", 100.0, 1, "webinar")
	f.Add(strings.Repeat("é", 201), strings.Repeat("p", 201), strings.Repeat("r", 5001), 100.25, -1, "course")
	f.Add("NaN hours", "", "", math.NaN(), 3, "course")
	f.Add("Not UTF-8 \xff", "", "", 1.5, 3, "course")
	var r *fuzzRecord
	f.Fuzz(func(t *testing.T, title, provider, reflection string, hours float64, day int, kind string) {
		if r == nil {
			r = newFuzzRecord(t)
		}
		before := r.tracker(t)
		in := standards.CPDInput{
			Kind: standards.CPDKind(kind), Title: title, Date: year.Start().AddDate(0, 0, day), Hours: hours,
			Provider: provider, Reflection: reflection,
		}
		e, err := r.f.svc.LogCPD(t.Context(), eoActor, r.rec, in)
		if err != nil {
			requireFields(t, err, "kind", "title", "date", "hours", "provider", "reflection")
			assert.Equal(t, before.CPD, r.tracker(t).CPD, "a refused entry writes nothing")
			return
		}
		assert.Equal(t, strings.TrimSpace(title), e.Title)
		assert.Equal(t, strings.TrimSpace(provider), e.Provider)
		assert.Equal(t, strings.TrimSpace(reflection), e.Reflection)
		for name, s := range map[string]string{"title": e.Title, "provider": e.Provider, "reflection": e.Reflection} {
			assert.True(t, utf8.ValidString(s), "%s is UTF-8", name)
		}
		assert.NotEmpty(t, e.Title)
		assert.LessOrEqual(t, utf8.RuneCountInString(e.Title), 200)
		assert.True(t, hours > 0 && hours <= 100 && hours*4 == math.Trunc(hours*4), "hours %v", hours)
		assert.True(t, year.Contains(e.Date), "the date %s is in %s", e.Date, year)
		stored := r.tracker(t).CPD
		require.Len(t, stored, len(before.CPD)+1)
		found := false
		for _, s := range stored {
			if s.ID == e.ID {
				found = true
				assert.Equal(t, e.Title, s.Title)
				assert.Equal(t, e.Provider, s.Provider)
				assert.Equal(t, e.Reflection, s.Reflection)
				assert.Equal(t, e.Hours, s.Hours)
				assert.True(t, e.Date.Equal(s.Date))
			}
		}
		assert.True(t, found, "the entry is stored")
		// Delete it again, so that the log never reaches its limit.
		require.NoError(t, r.f.svc.DeleteCPD(t.Context(), eoActor, e.ID))
	})
}

// FuzzProposeTarget proposes a target with any area, title, description,
// success measure and due day.
func FuzzProposeTarget(f *testing.F) {
	f.Add("knowledge", "Learn the JCQ regulations", "Read ICE and AA", "Pass the quiz", 60)
	f.Add("skills", "  Padded  ", "", "", 0)
	f.Add("values", "Wrong area", "", "", 10)
	f.Add("knowledge", "", "no title", "", 10)
	f.Add("knowledge", "Due next year", "", "", 400)
	f.Add("skills", strings.Repeat("t", 201), strings.Repeat("d", 2001), strings.Repeat("m", 1001), -5)
	f.Add("knowledge", "Control \x00 char", "Line\nbreaks\tand tabs", "ok", 20)
	var r *fuzzRecord
	f.Fuzz(func(t *testing.T, area, title, description, measure string, due int) {
		if r == nil || len(r.tracker(t).Targets) >= standards.MaxTargetsPerRecord {
			r = newFuzzRecord(t) // targets are never deleted: start a new record when full
		}
		before := r.tracker(t)
		in := standards.TargetInput{
			Area: standards.KeyArea(area), Title: title, Description: description, SuccessMeasure: measure,
			Due: year.Start().AddDate(0, 0, due),
		}
		tg, _, err := r.f.svc.ProposeTarget(t.Context(), eoActor, r.rec, in)
		if err != nil {
			requireFields(t, err, "area", "title", "description", "success_measure", "due", "catalogue_item")
			assert.Equal(t, before.Targets, r.tracker(t).Targets, "a refused target writes nothing")
			return
		}
		assert.Contains(t, []standards.KeyArea{standards.AreaKnowledge, standards.AreaSkills}, tg.Area)
		assert.Equal(t, strings.TrimSpace(title), tg.Title)
		assert.Equal(t, strings.TrimSpace(description), tg.Description)
		assert.Equal(t, strings.TrimSpace(measure), tg.SuccessMeasure)
		assert.NotEmpty(t, tg.Title)
		assert.True(t, cleanText(tg.Title), "the title is clean text")
		assert.True(t, year.Contains(tg.Due), "the due date %s is in %s", tg.Due, year)
		assert.Equal(t, standards.TargetProposed, tg.State)
		var stored standards.Target
		for _, s := range r.tracker(t).Targets {
			if s.ID == tg.ID {
				stored = s
			}
		}
		assert.Equal(t, tg.Title, stored.Title, "the target is stored as returned")
		assert.Equal(t, tg.Description, stored.Description)
		assert.True(t, tg.Due.Equal(stored.Due))
	})
}
