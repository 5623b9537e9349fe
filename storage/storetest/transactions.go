package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

var transactionTests = []test{
	{"CommitKeepsEverything", testCommitKeepsEverything},
	{"ReturnsFnError", testUpdateReturnsFnError},
	{"CancelledBeforeUpdate", testCancelledBeforeUpdate},
	{"CancelledDuringUpdate", testCancelledDuringUpdate},
	{"CancelledView", testCancelledView},
}

var rollbackTests = []test{
	{"ErrorUndoesEverything", testRollbackOnError},
	{"PanicUndoesEverything", testRollbackOnPanic},
}

var timeTests = []test{
	{"Microseconds", testTimesMicroseconds},
	{"OtherZone", testTimesOtherZone},
	{"OrderByInstant", testTimesOrderByInstant},
	{"UKDays", testTimesUKDays},
}

var concurrencyTests = []test{
	{"NoLostUpdate", testNoLostUpdate},
	{"ClashIsTransient", testClashIsTransient},
}

// The scene of the transaction tests: a committed state (setScene), one
// Update's worth of every kind of write to it (changeScene), and a record
// of everything those writes change, read through every method of Tx
// (lookAtScene).

// setScene commits the seed, a centre year, three approved registrations at
// centre 1, an oversight, a trust lead, a trust request, an audit entry, two
// pending events, and record 20 of registration 10 with one of each row a
// record has: a target, a CPD entry, a meeting, a target change, a support
// action, a private note, a signature (of statement version 1) and a
// certificate.
func setScene(t *testing.T, s standards.Store) {
	t.Helper()
	seed(t, s)
	write(t, s, func(tx standards.Tx) {
		mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: centre(1).ID, Year: year, RegisteredAt: at(1), RegisteredBy: person(1).ID})
		r10 := decided(registration(10, centre(1), person(1), year), 2, person(1))
		r11 := decided(registration(11, centre(1), person(2), year), 2, person(1))
		r12 := decided(registration(12, centre(1), person(3), year), 2, person(1))
		for _, r := range []standards.Registration{r10, r11, r12} {
			mustCreateRegistration(t, tx, r)
		}
		mustCreateOversight(t, tx, oversight(r10, r11, person(1), 3))
		mustCreateTrustLead(t, tx, trustLead(trust(1), person(1), person(1), 4))
		mustCreateTrustRequest(t, tx, trustRequest(10, trust(1), centre(2), person(2)))
		mustAppendAudit(t, tx, auditEntry(5, centre(1), person(1)))
		mustAppendEvent(t, tx, event(6, centre(1), person(1)))
		mustAppendEvent(t, tx, event(7, centre(1), person(2)))

		rec := record(20, r10)
		mustCreateRecord(t, tx, rec)
		g30 := target(30, rec)
		mustCreateTarget(t, tx, g30)
		mustCreateCPDEntry(t, tx, cpdEntry(40, rec, g30))
		m50 := meeting(50, rec, []standards.Registration{r10, r11}, person(2), targetUpdate(g30, "started"))
		mustCreateMeeting(t, tx, m50)
		mustAppendTargetChange(t, tx, targetChange(51, g30, m50, person(2)))
		mustCreateSupportAction(t, tx, supportAction(60, rec, m50, r11))
		mustCreatePrivateNote(t, tx, privateNote(70, rec, person(2)))
		st := statement(year, 1, person(1), 80)
		mustCreateStatement(t, tx, st)
		mustCreateSignature(t, tx, signature(rec, standards.SideEO, person(1), st, 81))
		mustCreateCertificate(t, tx, certificate(90, rec, centre(1), person(1), person(2)))
	})
}

// changeScene makes every kind of write to the scene: creates, updates and
// deletes of each entity, appends to the audit log, the outbox and target
// history, and an acknowledgement. Run twice, the second run fails on a unique key unless
// the first was rolled back.
func changeScene(t *testing.T, tx standards.Tx) {
	t.Helper()
	ctx := t.Context()

	c10 := centre(10)
	c10.TrustID = trust(1).ID
	mustCreateCentre(t, tx, c10)
	c1 := centre(1)
	c1.Name = "Renamed Centre"
	c1.TrustID = trust(2).ID
	require.NoError(t, tx.UpdateCentre(ctx, c1))
	mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: centre(1).ID, Year: year + 1, RegisteredAt: at(100), RegisteredBy: person(1).ID})
	mustCreateCentreYear(t, tx, standards.CentreYear{CentreID: c10.ID, Year: year, RegisteredAt: at(100), RegisteredBy: person(1).ID})

	p10 := person(10)
	mustCreatePerson(t, tx, p10)
	p2 := person(2)
	p2.Email = "renamed@school.example"
	p2.ExternalID = "ext-renamed"
	p2.Name = "Renamed Person"
	require.NoError(t, tx.UpdatePerson(ctx, p2))

	r20 := registration(20, c10, p10, year)
	mustCreateRegistration(t, tx, r20)
	r11 := decided(registration(11, centre(1), person(2), year), 2, person(1))
	r11.Status = standards.RegistrationLeft
	r11.Admin = false
	r11.LeftAt = at(100)
	require.NoError(t, tx.UpdateRegistration(ctx, r11))
	mustCreateOversight(t, tx, standards.Oversight{
		CentreID: centre(1).ID, Year: year, EORegistrationID: id("r", 10), OverseerRegistrationID: id("r", 12),
		AssignedBy: person(1).ID, AssignedAt: at(100),
	})
	require.NoError(t, tx.DeleteOversight(ctx, id("r", 10), id("r", 11)))

	mustCreateTrust(t, tx, trust(10))
	mustCreateTrustLead(t, tx, trustLead(trust(10), p10, person(1), 100))
	require.NoError(t, tx.DeleteTrustLead(ctx, trust(1).ID, person(1).ID))
	mustCreateTrustRequest(t, tx, trustRequest(11, trust(10), centre(1), person(1)))
	require.NoError(t, tx.DeleteTrustRequest(ctx, id("q", 10)))

	rec20 := record(20, registration(10, centre(1), person(1), year))
	require.NoError(t, tx.UpdateRecord(ctx, rec20)) // now at version 2
	rec21 := record(21, r20)
	mustCreateRecord(t, tx, rec21)
	g30 := target(30, rec20)
	g30.State = standards.TargetAchieved
	g30.UpdatedAt = at(100)
	require.NoError(t, tx.UpdateTarget(ctx, g30))
	g31 := target(31, rec20)
	mustCreateTarget(t, tx, g31)
	mustCreateCPDEntry(t, tx, cpdEntry(41, rec20, g31))
	require.NoError(t, tx.DeleteCPDEntry(ctx, id("d", 40)))
	m51 := meeting(51, rec20, []standards.Registration{r11}, person(2), targetUpdate(g31, "proposed"))
	mustCreateMeeting(t, tx, m51)
	mustAppendTargetChange(t, tx, targetChange(101, g31, m51, person(2)))
	mustCreateSupportAction(t, tx, supportAction(61, rec20, m51, r11))
	a60 := supportAction(60, rec20, standards.Meeting{ID: id("m", 50)}, r11)
	a60.State = standards.ActionDone
	a60.DoneAt = at(100)
	require.NoError(t, tx.UpdateSupportAction(ctx, a60))
	mustCreatePrivateNote(t, tx, privateNote(71, rec20, person(3)))
	st2 := statement(year, 2, person(1), 100)
	mustCreateStatement(t, tx, st2)
	mustCreateSignature(t, tx, signature(rec20, standards.SideOverseer, person(2), st2, 101))
	mustCreateCertificate(t, tx, certificate(91, rec21, c10, p10, person(1)))
	require.NoError(t, tx.UpdateCertificate(ctx, revoked(certificate(90, rec20, centre(1), person(1), person(2)), person(1), 100)))

	mustAppendAudit(t, tx, auditEntry(100, centre(1), person(1)))
	mustAppendAudit(t, tx, auditEntry(101, c10, person(1)))
	mustAppendEvent(t, tx, event(102, c10, p10))
	pending, err := tx.PendingEvents(ctx, 0, 1)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	require.NoError(t, tx.AckEvent(ctx, pending[0].Seq, at(103)))
}

// lookAtScene reads, through every read method of Tx, each thing
// changeScene changes, keyed by the call that read it. A lookup that finds
// nothing is recorded as "not found".
func lookAtScene(t *testing.T, tx standards.Tx) map[string]any {
	t.Helper()
	ctx := t.Context()
	m := map[string]any{}
	c1, c10, p2, p10 := centre(1), centre(10), person(2), person(10)

	note(m, "Centre(c1)", res(tx.Centre(ctx, c1.ID)))
	note(m, "Centre(c10)", res(tx.Centre(ctx, c10.ID)))
	note(m, "CentreByNumber(c1)", res(tx.CentreByNumber(ctx, c1.Number)))
	note(m, "CentreByNumber(c10)", res(tx.CentreByNumber(ctx, c10.Number)))
	note(m, "CentresByTrust(t1)", res(tx.CentresByTrust(ctx, trust(1).ID)))
	note(m, "CentresByTrust(t2)", res(tx.CentresByTrust(ctx, trust(2).ID)))
	note(m, "CentreYear(c1, next year)", res(tx.CentreYear(ctx, c1.ID, year+1)))
	note(m, "CentreYear(c10)", res(tx.CentreYear(ctx, c10.ID, year)))

	note(m, "Person(p2)", res(tx.Person(ctx, p2.ID)))
	note(m, "Person(p10)", res(tx.Person(ctx, p10.ID)))
	note(m, "PersonByEmail(p2)", res(tx.PersonByEmail(ctx, p2.Email)))
	note(m, "PersonByEmail(p2 renamed)", res(tx.PersonByEmail(ctx, "renamed@school.example")))
	note(m, "PersonByEmail(p10)", res(tx.PersonByEmail(ctx, p10.Email)))
	note(m, "PersonByExternalID(p2)", res(tx.PersonByExternalID(ctx, p2.ExternalID)))
	note(m, "PersonByExternalID(p2 renamed)", res(tx.PersonByExternalID(ctx, "ext-renamed")))
	note(m, "PersonByExternalID(p10)", res(tx.PersonByExternalID(ctx, p10.ExternalID)))
	note(m, "People(p2, p10)", res(tx.People(ctx, []string{p2.ID, p10.ID})))

	note(m, "Registration(r11)", res(tx.Registration(ctx, id("r", 11))))
	note(m, "Registration(r20)", res(tx.Registration(ctx, id("r", 20))))
	note(m, "RegistrationOf(r20)", res(tx.RegistrationOf(ctx, c10.ID, p10.ID, year)))
	note(m, "RegistrationsByCentre(c1)", res(tx.RegistrationsByCentre(ctx, c1.ID, year)))
	note(m, "RegistrationsByCentre(c10)", res(tx.RegistrationsByCentre(ctx, c10.ID, year)))
	note(m, "RegistrationsByPerson(p2)", res(tx.RegistrationsByPerson(ctx, p2.ID)))
	note(m, "RegistrationsByPerson(p10)", res(tx.RegistrationsByPerson(ctx, p10.ID)))
	note(m, "OversightsByCentre(c1)", res(tx.OversightsByCentre(ctx, c1.ID, year)))

	note(m, "Trust(t10)", res(tx.Trust(ctx, trust(10).ID)))
	note(m, "Trusts", res(tx.Trusts(ctx)))
	note(m, "TrustLeads(t1)", res(tx.TrustLeads(ctx, trust(1).ID)))
	note(m, "TrustLeads(t10)", res(tx.TrustLeads(ctx, trust(10).ID)))
	note(m, "TrustsLedBy(p1)", res(tx.TrustsLedBy(ctx, person(1).ID)))
	note(m, "TrustsLedBy(p10)", res(tx.TrustsLedBy(ctx, p10.ID)))
	note(m, "TrustRequest(q10)", res(tx.TrustRequest(ctx, id("q", 10))))
	note(m, "TrustRequest(q11)", res(tx.TrustRequest(ctx, id("q", 11))))
	note(m, "TrustRequestsByTrust(t1)", res(trustRequestsByTrust(ctx, tx, trust(1).ID)))
	note(m, "TrustRequestsByTrust(t10)", res(trustRequestsByTrust(ctx, tx, trust(10).ID)))
	note(m, "TrustRequestsByCentre(c1)", res(tx.TrustRequestsByCentre(ctx, c1.ID)))
	note(m, "TrustRequestsByCentre(c2)", res(tx.TrustRequestsByCentre(ctx, centre(2).ID)))

	e20, e21 := id("e", 20), id("e", 21)
	note(m, "Record(e20)", res(tx.Record(ctx, e20)))
	note(m, "Record(e21)", res(tx.Record(ctx, e21)))
	note(m, "RecordByRegistration(r20)", res(tx.RecordByRegistration(ctx, id("r", 20))))
	note(m, "RecordsByCentre(c1)", res(tx.RecordsByCentre(ctx, c1.ID, year)))
	note(m, "RecordsByCentre(c10)", res(tx.RecordsByCentre(ctx, c10.ID, year)))
	note(m, "CPDEntry(d40)", res(tx.CPDEntry(ctx, id("d", 40))))
	note(m, "CPDEntry(d41)", res(tx.CPDEntry(ctx, id("d", 41))))
	note(m, "CPDEntries(e20)", res(tx.CPDEntries(ctx, e20)))
	note(m, "Target(g30)", res(tx.Target(ctx, id("g", 30))))
	note(m, "Target(g31)", res(tx.Target(ctx, id("g", 31))))
	note(m, "Targets(e20)", res(tx.Targets(ctx, e20)))
	note(m, "TargetChanges(e20)", res(targetChanges(ctx, tx, e20)))
	note(m, "Meetings(e20)", res(tx.Meetings(ctx, e20)))
	note(m, "SupportAction(a60)", res(tx.SupportAction(ctx, id("a", 60))))
	note(m, "SupportAction(a61)", res(tx.SupportAction(ctx, id("a", 61))))
	note(m, "SupportActions(e20)", res(supportActions(ctx, tx, e20)))
	note(m, "PrivateNotes(e20)", res(privateNotes(ctx, tx, e20)))
	note(m, "Signatures(e20)", res(tx.Signatures(ctx, e20)))
	note(m, "LatestStatement", res(tx.LatestStatement(ctx, year)))
	note(m, "Statement(2)", res(tx.Statement(ctx, year, 2)))
	k90, k91 := certificate(90, standards.Record{}, c1, person(1), p2), certificate(91, standards.Record{}, c10, p10, p2)
	note(m, "Certificate(k90)", res(tx.Certificate(ctx, k90.ID)))
	note(m, "Certificate(k91)", res(tx.Certificate(ctx, k91.ID)))
	note(m, "CertificateByCode(k90)", res(tx.CertificateByCode(ctx, k90.VerificationCode)))
	note(m, "CertificateByCode(k91)", res(tx.CertificateByCode(ctx, k91.VerificationCode)))
	note(m, "CertificateByRecord(e20)", res(tx.CertificateByRecord(ctx, e20)))
	note(m, "CertificateByRecord(e21)", res(tx.CertificateByRecord(ctx, e21)))
	note(m, "CertificatesByPerson(p1)", res(tx.CertificatesByPerson(ctx, person(1).ID)))
	note(m, "CertificatesByPerson(p10)", res(tx.CertificatesByPerson(ctx, p10.ID)))

	note(m, "AuditByCentre(c1)", res(tx.AuditByCentre(ctx, c1.ID, 0, 100)))
	note(m, "AuditByCentre(c10)", res(tx.AuditByCentre(ctx, c10.ID, 0, 100)))
	note(m, "PendingEvents", res(tx.PendingEvents(ctx, 0, 100)))
	return m
}

// result is what one lookup gave.
type result struct {
	v   any
	err error
}

// res wraps what a lookup returned for note.
func res[T any](v T, err error) result { return result{v, err} }

// note records r in m under key: its value, "not found", or its error.
func note(m map[string]any, key string, r result) {
	switch {
	case r.err == nil:
		m[key] = r.v
	case errors.Is(r.err, standards.ErrNotFound):
		m[key] = "not found"
	default:
		m[key] = "error: " + r.err.Error()
	}
}

// assertEveryLookupChanged checks that changeScene changed everything
// lookAtScene reads: each write was visible inside its own transaction.
func assertEveryLookupChanged(t *testing.T, before, during map[string]any) {
	t.Helper()
	during = normalise(during)
	for key, was := range normalise(before) {
		assert.NotEqual(t, was, during[key], "%s is the same inside the transaction that changed it", key)
	}
}

func testRollbackOnError(t *testing.T, s standards.Store) {
	ctx := t.Context()
	setScene(t, s)
	var before map[string]any
	read(t, s, func(tx standards.Tx) { before = lookAtScene(t, tx) })

	err := s.Update(ctx, func(tx standards.Tx) error {
		changeScene(t, tx)
		assertEveryLookupChanged(t, before, lookAtScene(t, tx))
		return fmt.Errorf("changing the scene: %w", errRolledBack)
	})
	assert.ErrorIs(t, err, errRolledBack, "Update returns fn's error")

	read(t, s, func(tx standards.Tx) {
		assertSame(t, before, lookAtScene(t, tx), "the rolled-back Update left nothing behind")
	})
	// Every unique key the rolled-back writes took is free again.
	write(t, s, func(tx standards.Tx) { changeScene(t, tx) })
}

func testRollbackOnPanic(t *testing.T, s standards.Store) {
	ctx := t.Context()
	setScene(t, s)
	var before map[string]any
	read(t, s, func(tx standards.Tx) { before = lookAtScene(t, tx) })
	boom := &struct{ msg string }{"storetest: panic on purpose"}

	func() {
		defer func() {
			assert.Same(t, boom, recover(), "Update panics again with fn's value")
		}()
		_ = s.Update(ctx, func(tx standards.Tx) error {
			changeScene(t, tx)
			assertEveryLookupChanged(t, before, lookAtScene(t, tx))
			panic(boom)
		})
	}()

	read(t, s, func(tx standards.Tx) {
		assertSame(t, before, lookAtScene(t, tx), "the Update that panicked left nothing behind")
	})
	write(t, s, func(tx standards.Tx) { changeScene(t, tx) })
}

func testCommitKeepsEverything(t *testing.T, s standards.Store) {
	setScene(t, s)
	var before, during map[string]any
	read(t, s, func(tx standards.Tx) { before = lookAtScene(t, tx) })

	write(t, s, func(tx standards.Tx) {
		changeScene(t, tx)
		during = lookAtScene(t, tx)
	})
	assertEveryLookupChanged(t, before, during)

	read(t, s, func(tx standards.Tx) {
		assertSame(t, during, lookAtScene(t, tx), "a View sees what the Update committed")
	})
	write(t, s, func(tx standards.Tx) {
		assertSame(t, during, lookAtScene(t, tx), "a later Update sees what the Update committed")
	})
}

func testUpdateReturnsFnError(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	err := s.Update(ctx, func(tx standards.Tx) error {
		mustCreateCentre(t, tx, centre(10))
		return fmt.Errorf("wrapped: %w", errRolledBack)
	})
	assert.ErrorIs(t, err, errRolledBack, "Update returns fn's error")

	// fn returns the store's own error from a failed lookup.
	err = s.Update(ctx, func(tx standards.Tx) error {
		mustCreateCentre(t, tx, centre(11))
		_, err := tx.Person(ctx, person(10).ID)
		return err
	})
	assert.ErrorIs(t, err, standards.ErrNotFound, "Update returns fn's error")

	err = s.View(ctx, func(tx standards.Tx) error { return errRolledBack })
	assert.ErrorIs(t, err, errRolledBack, "View returns fn's error")

	read(t, s, func(tx standards.Tx) {
		for _, n := range []int{10, 11} {
			_, err := tx.Centre(ctx, centre(n).ID)
			assert.ErrorIs(t, err, standards.ErrNotFound, "centre %d was rolled back", n)
		}
	})
}

func testCancelledBeforeUpdate(t *testing.T, s standards.Store) {
	seed(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	err := s.Update(ctx, func(tx standards.Tx) error {
		_ = tx.CreateCentre(ctx, centre(10)) // may fail: the context is done
		return nil
	})
	assert.Error(t, err, "Update with a cancelled context")

	read(t, s, func(tx standards.Tx) {
		_, err := tx.Centre(t.Context(), centre(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "nothing was written")
	})
}

func testCancelledDuringUpdate(t *testing.T, s standards.Store) {
	seed(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	err := s.Update(ctx, func(tx standards.Tx) error {
		if err := tx.CreateCentre(ctx, centre(10)); err != nil {
			return err
		}
		cancel()
		return nil
	})
	assert.Error(t, err, "Update whose context was cancelled before it committed")

	read(t, s, func(tx standards.Tx) {
		_, err := tx.Centre(t.Context(), centre(10).ID)
		assert.ErrorIs(t, err, standards.ErrNotFound, "nothing was committed")
	})
}

func testCancelledView(t *testing.T, s standards.Store) {
	seed(t, s)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.View(ctx, func(tx standards.Tx) error {
		_, err := tx.Centre(ctx, centre(1).ID)
		return err
	})
	assert.Error(t, err, "View with a cancelled context")
}

// Times.

// testTimesMicroseconds checks that times a microsecond apart stay apart,
// in what is read back and in the order of a list.
func testTimesMicroseconds(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	t0 := time.Date(2025, time.October, 31, 23, 59, 59, 999998000, time.UTC)
	later := registration(10, centre(1), person(1), year)
	later.RequestedAt = t0.Add(time.Microsecond)
	earlier := registration(11, centre(1), person(2), year)
	earlier.RequestedAt = t0
	write(t, s, func(tx standards.Tx) {
		mustCreateRegistration(t, tx, later)
		mustCreateRegistration(t, tx, earlier)
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByCentre(ctx, centre(1).ID, year)
		assertFound(t, []standards.Registration{earlier, later}, got, err)
		if len(got) == 2 {
			assert.True(t, later.RequestedAt.Equal(got[1].RequestedAt), "want %s, got %s", later.RequestedAt, got[1].RequestedAt)
		}
	})
}

// zone is a time zone neither UTC nor whole hours from it.
var zone = time.FixedZone("UTC+05:30", 5*3600+30*60)

// testTimesOtherZone stores times given in another zone, whose wall clock
// is on another day than UTC's, and checks the instants come back.
func testTimesOtherZone(t *testing.T, s standards.Store) {
	ctx := t.Context()
	when := time.Date(2025, time.September, 16, 2, 15, 30, 654321000, zone) // 20:45:30 UTC the day before
	p := person(10)
	p.CreatedAt = when
	c := centre(10)
	c.CreatedAt = when.Add(time.Hour)
	r := decided(registration(10, c, p, year), 0, p)
	r.RequestedAt = when.Add(2 * time.Hour)
	r.DecidedAt = when.Add(3 * time.Hour)
	write(t, s, func(tx standards.Tx) {
		mustCreatePerson(t, tx, p)
		mustCreateCentre(t, tx, c)
		mustCreateRegistration(t, tx, r)
	})
	read(t, s, func(tx standards.Tx) {
		gotP, err := tx.Person(ctx, p.ID)
		if assertFound(t, p, gotP, err) {
			assert.True(t, p.CreatedAt.Equal(gotP.CreatedAt), "want %s, got %s", p.CreatedAt, gotP.CreatedAt)
		}
		gotC, err := tx.Centre(ctx, c.ID)
		assertFound(t, c, gotC, err)
		gotR, err := tx.Registration(ctx, r.ID)
		assertFound(t, r, gotR, err)
	})
}

// testTimesOrderByInstant checks that lists order by instant, not by the
// wall clock of the zone a time was given in.
func testTimesOrderByInstant(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	r := func(n int, p standards.Person, requested time.Time) standards.Registration {
		reg := registration(n, centre(1), p, year)
		reg.RequestedAt = requested
		return reg
	}
	regs := []standards.Registration{
		r(10, person(1), time.Date(2025, time.September, 20, 1, 0, 0, 0, time.FixedZone("UTC-08", -8*3600))), // 09:00 UTC
		r(11, person(2), time.Date(2025, time.September, 20, 6, 0, 0, 0, time.UTC)),                          // 06:00 UTC
		r(12, person(3), time.Date(2025, time.September, 20, 10, 0, 0, 0, time.FixedZone("UTC+05", 5*3600))), // 05:00 UTC
	}
	write(t, s, func(tx standards.Tx) {
		for _, reg := range regs {
			mustCreateRegistration(t, tx, reg)
		}
	})
	read(t, s, func(tx standards.Tx) {
		got, err := tx.RegistrationsByCentre(ctx, centre(1).ID, year)
		assert.NoError(t, err)
		assert.Equal(t, []string{id("r", 12), id("r", 11), id("r", 10)}, keys(got, registrationID))
	})
}

// ukDayInstants are instants either side of the ends of British Summer
// Time (01:00 UTC on 29 March and 25 October 2026) and of the UK midnights
// that begin and end an academic year, in UTC as most servers hold them.
// standards.Day turns each into the UK calendar day the Service stores
// (R-DAY-1).
var ukDayInstants = []time.Time{
	time.Date(2025, time.August, 31, 23, 30, 0, 0, time.UTC),  // 00:30 BST 1 September 2025: 1 September
	time.Date(2025, time.August, 31, 22, 30, 0, 0, time.UTC),  // 23:30 BST 31 August 2025: 31 August
	time.Date(2026, time.March, 29, 0, 59, 0, 0, time.UTC),    // 00:59 GMT 29 March 2026
	time.Date(2026, time.March, 29, 1, 1, 0, 0, time.UTC),     // 02:01 BST 29 March 2026
	time.Date(2026, time.March, 29, 23, 30, 0, 0, time.UTC),   // 00:30 BST 30 March 2026
	time.Date(2026, time.October, 25, 0, 59, 0, 0, time.UTC),  // 01:59 BST 25 October 2026
	time.Date(2026, time.October, 25, 1, 1, 0, 0, time.UTC),   // 01:01 GMT 25 October 2026
	time.Date(2026, time.October, 24, 23, 30, 0, 0, time.UTC), // 00:30 BST 25 October 2026
	time.Date(2026, time.August, 31, 22, 30, 0, 0, time.UTC),  // 23:30 BST 31 August 2026: 31 August
}

// testTimesUKDays stores the days the Service makes of ukDayInstants (a
// meeting's date, a CPD entry's date, a target's and a support action's
// due date) and checks that each comes back the same UK day (R-DAY-1): the
// same instant, so standards.Day of it is the day stored, whatever zone the
// Store returns it in.
func testTimesUKDays(t *testing.T, s standards.Store) {
	ctx := t.Context()
	regs, recs := seedRecords(t, s)
	var want []time.Time
	var targets []standards.Target
	var entries []standards.CPDEntry
	var meetings []standards.Meeting
	var actions []standards.SupportAction
	for i, instant := range ukDayInstants {
		d := standards.Day(instant)
		require.True(t, d.Equal(standards.Day(d)), "Day(%s) = %s is its own day", instant, d)
		want = append(want, d)
		tg := target(60+i, recs[0])
		tg.Due = d
		e := cpdEntry(60+i, recs[0])
		e.Date = d
		m := meeting(60+i, recs[0], regs[:2], person(1))
		m.Date = d
		a := supportAction(60+i, recs[0], m, regs[1])
		a.Due = d
		targets, entries, meetings, actions = append(targets, tg), append(entries, e), append(meetings, m), append(actions, a)
	}
	write(t, s, func(tx standards.Tx) {
		for i := range want {
			mustCreateTarget(t, tx, targets[i])
			mustCreateCPDEntry(t, tx, entries[i])
			mustCreateMeeting(t, tx, meetings[i])
			mustCreateSupportAction(t, tx, actions[i])
		}
	})
	days := func(got []time.Time) []string {
		var out []string
		for _, g := range got {
			out = append(out, standards.Day(g).Format(time.DateOnly)+" "+g.UTC().Format(time.TimeOnly))
		}
		return out
	}
	wantDays := days(want)
	assert.Equal(t, []string{
		"2025-09-01 00:00:00", "2025-08-31 00:00:00",
		"2026-03-29 00:00:00", "2026-03-29 00:00:00", "2026-03-30 00:00:00",
		"2026-10-25 00:00:00", "2026-10-25 00:00:00", "2026-10-25 00:00:00",
		"2026-08-31 00:00:00",
	}, wantDays, "the UK days of ukDayInstants")
	read(t, s, func(tx standards.Tx) {
		gotTargets, err := tx.Targets(ctx, recs[0].ID)
		require.NoError(t, err)
		gotEntries, err := tx.CPDEntries(ctx, recs[0].ID)
		require.NoError(t, err)
		gotMeetings, err := tx.Meetings(ctx, recs[0].ID)
		require.NoError(t, err)
		gotActions, err := supportActions(ctx, tx, recs[0].ID)
		require.NoError(t, err)
		tDue := map[string]time.Time{}
		for _, g := range gotTargets {
			tDue[g.ID] = g.Due
		}
		eDate := map[string]time.Time{}
		for _, g := range gotEntries {
			eDate[g.ID] = g.Date
		}
		mDate := map[string]time.Time{}
		for _, g := range gotMeetings {
			mDate[g.ID] = g.Date
		}
		aDue := map[string]time.Time{}
		for _, g := range gotActions {
			aDue[g.ID] = g.Due
		}
		var tg, en, mt, ac []time.Time
		for i := range want {
			tg = append(tg, tDue[targets[i].ID])
			en = append(en, eDate[entries[i].ID])
			mt = append(mt, mDate[meetings[i].ID])
			ac = append(ac, aDue[actions[i].ID])
		}
		assert.Equal(t, wantDays, days(tg), "targets' due days")
		assert.Equal(t, wantDays, days(en), "CPD entries' days")
		assert.Equal(t, wantDays, days(mt), "meetings' days")
		assert.Equal(t, wantDays, days(ac), "support actions' due days")
	})
}

// Concurrency.

// testNoLostUpdate runs read-modify-write Updates and Views at once. Each
// Update reads a counter, kept in a registration's RejectReason, writes it
// back one higher and appends an audit entry; so in every consistent state
// the counter equals the number of entries, and at the end both equal the
// number of Updates that committed. An Update may fail with ErrTransient, as
// the contract allows, but with nothing else: not ErrConflict, since no
// rule refused it.
func testNoLostUpdate(t *testing.T, s standards.Store) {
	const writers, updatesEach, readers = 8, 10, 4
	ctx := t.Context()
	seed(t, s)
	counter := registration(10, centre(1), person(1), year)
	counter.RejectReason = "0"
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, counter) })

	var (
		mu        sync.Mutex
		committed int
		conflicts int
		writing   sync.WaitGroup
		reading   sync.WaitGroup
		done      = make(chan struct{})
	)
	for w := range writers {
		writing.Go(func() {
			for range updatesEach {
				err := s.Update(ctx, func(tx standards.Tx) error { return increment(ctx, tx, counter.ID, w) })
				mu.Lock()
				switch {
				case err == nil:
					committed++
				case errors.Is(err, standards.ErrTransient) && !errors.Is(err, standards.ErrConflict):
					conflicts++
				default:
					t.Errorf("writer %d: Update: %v", w, err)
				}
				mu.Unlock()
			}
		})
	}
	for range readers {
		reading.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				err := s.View(ctx, func(tx standards.Tx) error {
					n, entries, err := count(ctx, tx, counter.ID)
					if err == nil && n != entries {
						t.Errorf("a View saw the counter at %d but %d audit entries: not one consistent state", n, entries)
					}
					return err
				})
				if err != nil {
					t.Errorf("View: %v", err)
					return
				}
			}
		})
	}
	writing.Wait()
	close(done)
	reading.Wait()

	assert.Positive(t, committed, "some Updates commit (%d transient failures)", conflicts)
	assert.Equal(t, writers*updatesEach, committed+conflicts)
	read(t, s, func(tx standards.Tx) {
		n, entries, err := count(ctx, tx, counter.ID)
		require.NoError(t, err)
		assert.Equal(t, committed, n, "the counter counts every committed Update: none was lost")
		assert.Equal(t, committed, entries, "one audit entry per committed Update")
	})
}

// testClashIsTransient forces the clash a store must report as
// ErrTransient: two Updates each read the counter and, once both have read
// it (or a second has passed, for a store that runs Updates one at a time),
// write it back one higher. Two transactions that both read and then both
// write one row cannot both commit: a database at SERIALIZABLE refuses one
// (PostgreSQL's 40001, InnoDB's deadlock 1213, SQLite busy), and that
// refusal must wrap ErrTransient, not ErrConflict, so that the Service runs
// the command again instead of showing a person a conflict nobody made. If
// both committed having read the same value, the counter shows the lost
// update.
//
// On a store whose Updates never overlap (memory, which holds one lock for
// each Update; SQLite, with one writer) the two never meet, both commit one
// after the other, and nothing is forced: the check then only says that no
// update was lost. Whether they met is reported, so a run on a server
// database that never met would be seen.
func testClashIsTransient(t *testing.T, s standards.Store) {
	ctx := t.Context()
	seed(t, s)
	counter := registration(10, centre(1), person(1), year)
	counter.RejectReason = "0"
	write(t, s, func(tx standards.Tx) { mustCreateRegistration(t, tx, counter) })

	var (
		readers sync.WaitGroup
		met     = make(chan struct{})
		meeting sync.Once
		errs    [2]error
		waited  [2]bool // the writer gave up waiting for the other to read
		wg      sync.WaitGroup
	)
	readers.Add(2)
	go func() { readers.Wait(); meeting.Do(func() { close(met) }) }()
	for w := range 2 {
		wg.Go(func() {
			first := true
			errs[w] = s.Update(ctx, func(tx standards.Tx) error {
				if _, err := tx.Registration(ctx, counter.ID); err != nil {
					return err
				}
				if first {
					first = false
					readers.Done()
					select {
					case <-met:
					case <-time.After(time.Second):
						waited[w] = true
					}
				}
				return increment(ctx, tx, counter.ID, w)
			})
		})
	}
	wg.Wait()
	overlapped := !waited[0] && !waited[1]
	committed := 0
	for w, err := range errs {
		switch {
		case err == nil:
			committed++
		case errors.Is(err, standards.ErrConflict):
			t.Errorf("writer %d: a clash of transactions reported as ErrConflict: %v", w, err)
		case !errors.Is(err, standards.ErrTransient):
			t.Errorf("writer %d: a clash of transactions reported as neither success nor ErrTransient: %v", w, err)
		}
	}
	t.Logf("the two Updates overlapped: %v; committed: %d", overlapped, committed)
	read(t, s, func(tx standards.Tx) {
		n, _, err := count(ctx, tx, counter.ID)
		require.NoError(t, err)
		assert.Equal(t, committed, n, "the counter counts every committed Update: none was lost")
	})
}

// increment adds one to the counter in registration id's RejectReason and
// appends an audit entry saying so.
func increment(ctx context.Context, tx standards.Tx, id string, writer int) error {
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.RejectReason)
	if err != nil {
		return err
	}
	r.RejectReason = strconv.Itoa(n + 1)
	if err := tx.UpdateRegistration(ctx, r); err != nil {
		return err
	}
	_, err = tx.AppendAudit(ctx, standards.AuditEntry{
		At: base, Actor: "writer@school.example", Action: "counter.increment",
		Subject: "registration/" + id, CentreID: r.CentreID, Summary: fmt.Sprintf("writer %d: %d", writer, n+1),
	})
	return err
}

// count reads the counter of registration id and the number of audit
// entries of its centre.
func count(ctx context.Context, tx standards.Tx, id string) (counter, entries int, err error) {
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	if counter, err = strconv.Atoi(r.RejectReason); err != nil {
		return 0, 0, err
	}
	list, err := tx.AuditByCentre(ctx, r.CentreID, 0, 1_000_000)
	return counter, len(list), err
}
