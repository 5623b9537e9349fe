package storetest

import (
	"context"
	"errors"
	"math/bits"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eops/eops/standards"
)

// The parts of the views CentreProgress and TrustYear, each read through
// its view, so that the tests of each part stay as they were written when
// each was a method of its own.

func targetsByCentre(ctx context.Context, tx standards.Tx, centreID string, year standards.AcademicYear) ([]standards.Target, error) {
	_, p, err := tx.CentreProgress(ctx, centreID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return p.Targets, err
}

func lastMeetingsByCentre(ctx context.Context, tx standards.Tx, centreID string, year standards.AcademicYear) ([]standards.LastMeeting, error) {
	_, p, err := tx.CentreProgress(ctx, centreID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return p.LastMeetings, err
}

func supportActionsByCentre(ctx context.Context, tx standards.Tx, centreID string, year standards.AcademicYear) ([]standards.SupportAction, error) {
	_, p, err := tx.CentreProgress(ctx, centreID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return p.Actions, err
}

func signaturesByCentre(ctx context.Context, tx standards.Tx, centreID string, year standards.AcademicYear) ([]standards.Signature, error) {
	_, p, err := tx.CentreProgress(ctx, centreID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return p.Signatures, err
}

func cpdHoursByCentre(ctx context.Context, tx standards.Tx, centreID string, year standards.AcademicYear) ([]standards.CPDHours, error) {
	_, p, err := tx.CentreProgress(ctx, centreID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return p.CPDHours, err
}

// trustYear reads a trust's year; a trust that does not exist is an empty
// year, as each part used to give.
func trustYear(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) (standards.TrustYear, error) {
	y, err := tx.TrustYear(ctx, trustID, year)
	if errors.Is(err, standards.ErrNotFound) {
		return standards.TrustYear{}, nil
	}
	return y, err
}

func centreYearsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.CentreYear, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.CentreYears, err
}

func registrationsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.Registration, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Registrations, err
}

func oversightsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.Oversight, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Oversights, err
}

func recordsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.Record, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Records, err
}

func targetsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.Target, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Progress.Targets, err
}

func lastMeetingsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.LastMeeting, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Progress.LastMeetings, err
}

func supportActionsByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.SupportAction, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Progress.Actions, err
}

func signaturesByTrust(ctx context.Context, tx standards.Tx, trustID string, year standards.AcademicYear) ([]standards.Signature, error) {
	y, err := trustYear(ctx, tx, trustID, year)
	return y.Progress.Signatures, err
}

var viewTests = []test{
	{"RecordSheetIsItsParts", testRecordSheet},
	{"CentreSheetIsItsParts", testCentreSheet},
	{"CentreProgressHasTheSheet", testCentreProgressSheet},
	{"TrustYearHasItsTrust", testTrustYearHead},
	{"CentreSheetOfRegistration", testCentreSheetOfRegistration},
	{"PersonSheetIsItsParts", testPersonSheet},
	{"TrustSheetIsItsParts", testTrustSheet},
	{"CentreAuditIsItsParts", testCentreAudit},
	{"MissingIsNotFound", testViewsNotFound},
}

// testCentreAudit pages through a centre's trail beside another centre's
// and the platform's: each page with the sheet is what CentreSheet and
// AuditByCentre give.
func testCentreAudit(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedRecords(t, s)
	write(t, s, func(tx standards.Tx) {
		for n := 1; n <= 7; n++ {
			mustAppendAudit(t, tx, auditEntry(n, centre(1+n%2), person(1)))
		}
		mustAppendAudit(t, tx, auditEntry(8, standards.Centre{}, person(1)))
	})
	read(t, s, func(tx standards.Tx) {
		c := centre(1).ID
		sheet := mustGet(tx.CentreSheet(ctx, c, year))
		all := mustGet(tx.AuditByCentre(ctx, c, 0, 100))
		assert.Len(t, all, 3)
		for _, page := range []struct {
			before int64
			limit  int
		}{{0, 2}, {all[1].Seq, 2}, {0, 100}, {all[2].Seq, 5}, {0, 0}} {
			gotSheet, got, err := tx.CentreAudit(ctx, c, year, page.before, page.limit)
			if assert.NoError(t, err, "%+v", page) {
				assertSame(t, sheet, gotSheet, "%+v", page)
				assertSame(t, mustGet(tx.AuditByCentre(ctx, c, page.before, page.limit)), got, "%+v", page)
			}
		}
	})
}

func testCentreSheetOfRegistration(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, _ := seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		for _, r := range regs {
			got, err := tx.CentreSheetOfRegistration(ctx, r.ID)
			assertFound(t, mustGet(tx.CentreSheet(ctx, r.CentreID, r.Year)), got, err, r.ID)
		}
	})
}

// testPersonSheet reads person 2, registered at centres 1 and 2, as person
// 1 sees them, named by address or by the host's id: person 1 comes with
// it, with their registrations at those centres (two years of centre 1),
// and no one else's. A key whose address and id name two people gives
// both, each with theirs; a key that names nobody gives nobody.
func testPersonSheet(t *testing.T, s standards.Store) {
	ctx := t.Context()
	_, recs := seedTrustYear(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateCertificate(t, tx, certificate(88, recs[1], centre(1), person(2), person(1)))
	})
	read(t, s, func(tx standards.Tx) {
		p := person(2).ID
		want := standards.PersonSheet{Person: mustGet(tx.Person(ctx, p))}
		want.Registrations = mustGet(tx.RegistrationsByPerson(ctx, p))
		want.Certificates = mustGet(tx.CertificatesByPerson(ctx, p))
		at := map[string]bool{}
		for _, r := range want.Registrations {
			if !at[r.CentreID] {
				at[r.CentreID] = true
				want.Centres = append(want.Centres, mustGet(tx.Centre(ctx, r.CentreID)))
			}
			if rec, err := tx.RecordByRegistration(ctx, r.ID); err == nil {
				want.Records = append(want.Records, rec)
			}
		}
		slices.SortFunc(want.Centres, func(a, b standards.Centre) int { return strings.Compare(a.ID, b.ID) })
		slices.SortFunc(want.Records, func(a, b standards.Record) int { return strings.Compare(a.ID, b.ID) })
		assert.Len(t, want.Centres, 2, "the person is registered at two centres")
		assert.NotEmpty(t, want.Records)
		assert.Len(t, want.Certificates, 1)
		as := func(readers ...standards.Person) standards.PersonSheet {
			w := want
			w.Readers, w.Viewer = []standards.Person{}, []standards.Registration{}
			for _, reader := range readers {
				w.Readers = append(w.Readers, mustGet(tx.Person(ctx, reader.ID)))
				for _, r := range mustGet(tx.RegistrationsByPerson(ctx, reader.ID)) {
					if at[r.CentreID] {
						w.Viewer = append(w.Viewer, r)
					}
				}
			}
			return w
		}
		one := as(person(1))
		assert.Len(t, one.Viewer, 2, "the viewer's two years at centre 1")
		for _, key := range []standards.PersonKey{
			{Email: person(1).Email}, {ExternalID: person(1).ExternalID}, {Email: person(1).Email, ExternalID: person(1).ExternalID},
		} {
			got, err := tx.PersonSheet(ctx, p, key)
			assertFound(t, one, got, err, key)
		}
		got, err := tx.PersonSheet(ctx, p, standards.PersonKey{Email: person(1).Email, ExternalID: person(3).ExternalID})
		assertFound(t, as(person(1), person(3)), got, err, "an address and an id of two people")
		for _, key := range []standards.PersonKey{{}, {Email: "nobody@school.example", ExternalID: "ext-99"}} {
			got, err := tx.PersonSheet(ctx, p, key)
			assertFound(t, as(), got, err, key)
		}
	})
}

func testTrustSheet(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedTrustYear(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(3), person(9), 80))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(1), person(9), 79))
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(2), person(9), 78))
		mustCreateTrustRequest(t, tx, trustRequest(90, trust(1), centre(2), person(2)))
	})
	read(t, s, func(tx standards.Tx) {
		tr := trust(1).ID
		got, err := tx.TrustSheet(ctx, tr)
		want := standards.TrustSheet{Trust: trust(1)}
		want.Leads = mustGet(tx.TrustLeads(ctx, tr))
		want.People = mustGet(tx.People(ctx, []string{person(1).ID, person(3).ID}))
		want.Centres = mustGet(tx.CentresByTrust(ctx, tr))
		want.Requests = []standards.TrustRequest{trustRequest(90, trust(1), centre(2), person(2))}
		assertFound(t, want, got, err)
	})
}

// testRecordSheet fills every part of a record, and of another record of
// its centre's year, and reads the sheet: each list is what the method of
// its own gives, in that method's order.
func testRecordSheet(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedTrustYear(t, s)
	st := seedStatement(t, s)
	m := seedMeeting(t, s, regs, recs[0])
	targets := seedTargets(t, s, recs[0])
	var changes []standards.TargetChange
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(3), person(9), 80))
		mustCreateOversight(t, tx, oversight(regs[0], regs[2], person(1), 81))
		// Another exams officer's overseer, not one of the record's people.
		mustCreateOversight(t, tx, oversight(regs[1], regs[3], person(1), 78))
		mustCreateCPDEntry(t, tx, cpdEntry(83, recs[0], targets[0]))
		mustCreateCPDEntry(t, tx, cpdEntry(82, recs[0]))
		mustCreateSupportAction(t, tx, supportAction(85, recs[0], m, regs[1]))
		mustCreateSupportAction(t, tx, supportAction(84, recs[0], m, regs[1]))
		mustCreatePrivateNote(t, tx, privateNote(86, recs[0], person(2)))
		mustCreateSignature(t, tx, signature(recs[0], standards.SideEO, person(1), st, 87))
		mustCreateCertificate(t, tx, certificate(88, recs[0], centre(1), person(1), person(2)))
		mustCreateTarget(t, tx, target(89, recs[1]))
		for n, tg := range []standards.Target{targets[1], targets[0], targets[1]} {
			c := targetChange(91+n, tg, m, person(2))
			c.Seq = mustAppendTargetChange(t, tx, c)
			changes = append(changes, c)
		}
		mustAppendTargetChange(t, tx, targetChange(95, target(89, recs[1]), standards.Meeting{}, person(2)))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RecordSheet(ctx, recs[0].ID, standards.AllRecordParts)
		if !assert.NoError(t, err) {
			return
		}
		id := recs[0].ID
		want := standards.RecordSheet{Record: mustGet(tx.Record(ctx, id))}
		want.Targets = mustGet(tx.Targets(ctx, id))
		want.History = changes
		want.CPD = mustGet(tx.CPDEntries(ctx, id))
		want.Meetings = mustGet(tx.Meetings(ctx, id))
		want.Actions = []standards.SupportAction{supportAction(84, recs[0], m, regs[1]), supportAction(85, recs[0], m, regs[1])}
		want.Notes = []standards.PrivateNote{privateNote(86, recs[0], person(2))}
		want.Signatures = mustGet(tx.Signatures(ctx, id))
		want.Certificate = mustGet(tx.CertificateByRecord(ctx, id))
		want.Statement = mustGet(tx.LatestStatement(ctx, year))
		want.CentreYear = mustGet(tx.CentreSheet(ctx, recs[0].CentreID, year))
		want.Earlier = []standards.Record{recs[2]} // person 1's record of the year before
		assert.Equal(t, recs[0].PersonID, recs[2].PersonID)
		assert.Len(t, want.Targets, len(targets))
		assert.Len(t, want.CPD, 2)
		assert.Len(t, want.CentreYear.TrustLeads, 1)
		assertSame(t, want, got)

		// The record's own people, which a read without RecordCentreYear
		// brings at least: the exams officer's registration (regs[0]) and
		// their overseer's (regs[2]), not the other registrations of the
		// year (regs[1], regs[3]), nor the oversight of regs[1].
		assert.Len(t, recordsPeople(want.CentreYear, recs[0].RegistrationID).Registrations, 2)
		assert.Len(t, recordsPeople(want.CentreYear, recs[0].RegistrationID).People, 2)
		assert.Len(t, recordsPeople(want.CentreYear, recs[0].RegistrationID).Oversights, 1)
		assert.Greater(t, len(want.CentreYear.Registrations), 2, "registrations not of the record's people")
		assert.Greater(t, len(want.CentreYear.Oversights), 1, "oversights not of the record's exams officer")

		// A read of some parts brings each of them whole, with the record
		// and at least its own people of its centre's year (the year whole
		// when asked); what else it brings is the store's choice.
		for _, parts := range []standards.RecordParts{0,
			standards.RecordTargets, standards.RecordHistory, standards.RecordCPD, standards.RecordMeetings,
			standards.RecordActions, standards.RecordNotes, standards.RecordSignatures, standards.RecordCertificate,
			standards.RecordStatement, standards.RecordEarlier, standards.RecordCentreYear,
			// The Service's own sets: a claim's, a meeting's, the export's.
			standards.RecordTargets | standards.RecordMeetings | standards.RecordSignatures | standards.RecordCertificate,
			standards.RecordTargets | standards.RecordMeetings | standards.RecordCentreYear,
			standards.RecordTargets | standards.RecordHistory | standards.RecordCPD | standards.RecordMeetings |
				standards.RecordActions | standards.RecordSignatures,
			standards.RecordNotes | standards.RecordEarlier,
		} {
			some, err := tx.RecordSheet(ctx, id, parts)
			if !assert.NoError(t, err, "parts %b", parts) {
				continue
			}
			assertSame(t, want.Record, some.Record, "parts %b: the record", parts)
			assertRecordsPeople(t, want.CentreYear, some.CentreYear, recs[0].RegistrationID, "parts %b", parts)
			for _, p := range sheetParts(want) {
				if parts.Has(p.part) {
					assertSame(t, p.value, sheetParts(some)[bits.TrailingZeros16(uint16(p.part))].value, "parts %b: part %b", parts, p.part)
				}
			}
		}
	})
}

// sheetParts lists a sheet's parts in the order of their bits in
// standards.RecordParts.
func sheetParts(s standards.RecordSheet) []struct {
	part  standards.RecordParts
	value any
} {
	return []struct {
		part  standards.RecordParts
		value any
	}{
		{standards.RecordTargets, s.Targets}, {standards.RecordHistory, s.History}, {standards.RecordCPD, s.CPD},
		{standards.RecordMeetings, s.Meetings}, {standards.RecordActions, s.Actions}, {standards.RecordNotes, s.Notes},
		{standards.RecordSignatures, s.Signatures}, {standards.RecordCertificate, s.Certificate},
		{standards.RecordStatement, s.Statement}, {standards.RecordEarlier, s.Earlier},
		{standards.RecordCentreYear, s.CentreYear},
	}
}

// recordsPeople is what a centre's year holds of the people of the record
// of the exams officer's registration eoID (standards.RecordCentreYear):
// their registration and their overseers', their oversights, and the people
// those registrations name.
func recordsPeople(s standards.CentreSheet, eoID string) standards.CentreSheet {
	ids := []string{eoID}
	var out standards.CentreSheet
	for _, o := range s.Oversights {
		if o.EORegistrationID == eoID {
			out.Oversights = append(out.Oversights, o)
			ids = append(ids, o.OverseerRegistrationID)
		}
	}
	for _, r := range s.Registrations {
		if slices.Contains(ids, r.ID) {
			out.Registrations = append(out.Registrations, r)
		}
	}
	for _, p := range s.People {
		if slices.ContainsFunc(out.Registrations, func(r standards.Registration) bool { return r.PersonID == p.ID }) {
			out.People = append(out.People, p)
		}
	}
	return out
}

// assertRecordsPeople checks that got, a centre's year read with a record
// of the exams officer's registration eoID, holds what whole, the year read
// whole, holds of the centre, its registration and its trust's leads, and of
// the record's people, each in its list's order; and nothing that is not
// the year's.
func assertRecordsPeople(t *testing.T, whole, got standards.CentreSheet, eoID string, msgAndArgs ...any) {
	t.Helper()
	assertSame(t, whole.Centre, got.Centre, msgAndArgs...)
	assert.Equal(t, whole.Year, got.Year, msgAndArgs...)
	assertSame(t, whole.Registered, got.Registered, msgAndArgs...)
	assertSame(t, whole.TrustLeads, got.TrustLeads, msgAndArgs...)
	want, have := recordsPeople(whole, eoID), recordsPeople(got, eoID)
	assertSame(t, want.Registrations, have.Registrations, msgAndArgs...)
	assertSame(t, want.Oversights, have.Oversights, msgAndArgs...)
	assertSame(t, want.People, have.People, msgAndArgs...)
	assert.Subset(t, normalise(whole.Registrations), normalise(got.Registrations), msgAndArgs...)
	assert.Subset(t, normalise(whole.Oversights), normalise(got.Oversights), msgAndArgs...)
	assert.Subset(t, normalise(whole.People), normalise(got.People), msgAndArgs...)
	assert.Subset(t, normalise(whole.Records), normalise(got.Records), msgAndArgs...)
}

// testCentreSheet reads a centre's year beside another year and another
// centre: each list is what the method of its own gives.
func testCentreSheet(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, _ := seedTrustYear(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(3), person(9), 80))
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(1), person(9), 79))
		mustCreateOversight(t, tx, oversight(regs[0], regs[2], person(1), 81))
		mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(2), RegisteredBy: person(1).ID})
		mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: centre(1).ID, Year: year - 1, RegisteredAt: at(1), RegisteredBy: person(1).ID})
		// Someone registered at centre 2 alone, overseen there: neither is
		// centre 1's.
		mustCreatePerson(t, tx, person(5))
		elsewhere := decided(registration(17, centre(2), person(5), year), 1, person(5))
		mustCreateRegistration(t, tx, elsewhere)
		mustCreateOversight(t, tx, oversight(elsewhere, regs[5], person(2), 82))
		// A lead of centre 1's trust registered nowhere, who is among its
		// people, and one of another trust, who is not.
		mustCreatePerson(t, tx, person(6))
		mustCreatePerson(t, tx, person(7))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(6), person(9), 83))
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(7), person(9), 84))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.CentreSheet(ctx, centre(1).ID, year)
		if !assert.NoError(t, err) {
			return
		}
		c := centre(1).ID
		want := standards.CentreSheet{Centre: mustGet(tx.Centre(ctx, c)), Year: year, Registered: mustGet(tx.CentreYear(ctx, c, year))}
		assert.NotEmpty(t, want.Registered.CentreID, "the centre registered for the year")
		want.Registrations = mustGet(tx.RegistrationsByCentre(ctx, c, year))
		var ids []string
		for _, r := range want.Registrations {
			ids = append(ids, r.PersonID)
		}
		want.TrustLeads = mustGet(tx.TrustLeads(ctx, trust(1).ID))
		for _, l := range want.TrustLeads {
			ids = append(ids, l.PersonID)
		}
		slices.Sort(ids)
		want.People = mustGet(tx.People(ctx, slices.Compact(ids)))
		want.Oversights = mustGet(tx.OversightsByCentre(ctx, c, year))
		want.Records = mustGet(tx.RecordsByCentre(ctx, c, year))
		assert.Len(t, want.People, 5, "people 1 to 4 and the lead 6 (the lead 3 once), not persons 5 and 7")
		assert.Len(t, want.Oversights, 1)
		assertSame(t, want, got)
	})
}

func testCentreProgressSheet(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedTrustYear(t, s)
	read(t, s, func(tx standards.Tx) {
		sheet, _, err := tx.CentreProgress(ctx, centre(1).ID, year)
		assertFound(t, mustGet(tx.CentreSheet(ctx, centre(1).ID, year)), sheet, err)
	})
}

func testTrustYearHead(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedTrustYear(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(3), person(9), 80))
		// Another trust's lead, whom the trust's year must leave out: the
		// Service decides who may see a trust's dashboard from its leads.
		mustCreateTrustLead(t, tx, trustLead(trust(2), person(2), person(9), 78))
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.TrustYear(ctx, trust(1).ID, year)
		if !assert.NoError(t, err) {
			return
		}
		assertSame(t, trust(1), got.Trust)
		assertSame(t, []standards.TrustLead{trustLead(trust(1), person(3), person(9), 80)}, got.Leads)
		assertSame(t, mustGet(tx.CentresByTrust(ctx, trust(1).ID)), got.Centres)
	})
}

func testViewsNotFound(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seedRecords(t, s)
	read(t, s, func(tx standards.Tx) {
		// A centre in no trust has no leads.
		outside, err := tx.CentreSheet(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Empty(t, outside.TrustLeads, "a centre in no trust")
		_, err = tx.RecordSheet(ctx, id("r", 99), standards.AllRecordParts)
		assert.ErrorIs(t, err, standards.ErrNotFound, "RecordSheet")
		_, err = tx.RecordSheet(ctx, id("r", 99), standards.RecordTargets)
		assert.ErrorIs(t, err, standards.ErrNotFound, "RecordSheet, some parts")
		_, err = tx.CentreSheet(ctx, id("c", 99), year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CentreSheet")
		_, _, err = tx.CentreProgress(ctx, id("c", 99), year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CentreProgress")
		_, err = tx.TrustYear(ctx, id("t", 99), year)
		assert.ErrorIs(t, err, standards.ErrNotFound, "TrustYear")
		_, _, err = tx.CentreAudit(ctx, id("c", 99), year, 0, 10)
		assert.ErrorIs(t, err, standards.ErrNotFound, "CentreAudit")
		_, err = tx.TrustSheet(ctx, id("t", 99))
		assert.ErrorIs(t, err, standards.ErrNotFound, "TrustSheet")
		_, err = tx.PersonSheet(ctx, id("p", 99), standards.PersonKey{})
		assert.ErrorIs(t, err, standards.ErrNotFound, "PersonSheet")
		_, err = tx.CentreSheetOfRegistration(ctx, id("g", 99))
		assert.ErrorIs(t, err, standards.ErrNotFound, "CentreSheetOfRegistration")
	})
}

// mustGet is v when err is nil and the zero value when err is
// ErrNotFound; any other error panics, which fails the test.
func mustGet[T any](v T, err error) T {
	if errors.Is(err, standards.ErrNotFound) {
		var zero T
		return zero
	}
	if err != nil {
		panic(err)
	}
	return v
}

// The lists of a record and a trust that only their views give, read
// through them: an unknown record or trust has none.

func supportActions(ctx context.Context, tx standards.Tx, recordID string) ([]standards.SupportAction, error) {
	s, err := recordSheet(ctx, tx, recordID)
	return s.Actions, err
}

func privateNotes(ctx context.Context, tx standards.Tx, recordID string) ([]standards.PrivateNote, error) {
	s, err := recordSheet(ctx, tx, recordID)
	return s.Notes, err
}

func targetChanges(ctx context.Context, tx standards.Tx, recordID string) ([]standards.TargetChange, error) {
	s, err := recordSheet(ctx, tx, recordID)
	return s.History, err
}

func recordSheet(ctx context.Context, tx standards.Tx, recordID string) (standards.RecordSheet, error) {
	s, err := tx.RecordSheet(ctx, recordID, standards.AllRecordParts)
	if errors.Is(err, standards.ErrNotFound) {
		return standards.RecordSheet{}, nil
	}
	return s, err
}

func trustRequestsByTrust(ctx context.Context, tx standards.Tx, trustID string) ([]standards.TrustRequest, error) {
	s, err := tx.TrustSheet(ctx, trustID)
	if errors.Is(err, standards.ErrNotFound) {
		return nil, nil
	}
	return s.Requests, err
}
