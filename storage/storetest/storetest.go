package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// Run checks that the stores newStore makes keep the contract of
// standards.Store. It runs every test as a parallel subtest on a store of
// its own, made by newStore from within that subtest.
func Run(t *testing.T, newStore func(t *testing.T) standards.Store) {
	t.Helper()
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range g.tests {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.run(t, newStore(t))
				})
			}
		})
	}
}

// test is one behaviour of a Store, checked on a new, empty store.
type test struct {
	name string
	run  func(t *testing.T, s standards.Store)
}

// groups are the subtests of Run, one group per part of the contract.
var groups = []struct {
	name  string
	tests []test
}{
	{"Centres", centreTests},
	{"CentreYears", centreYearTests},
	{"People", personTests},
	{"Registrations", registrationTests},
	{"Oversights", oversightTests},
	{"Trusts", trustTests},
	{"TrustLeads", trustLeadTests},
	{"TrustRequests", trustRequestTests},
	{"Records", recordTests},
	{"Targets", targetTests},
	{"CPD", cpdTests},
	{"Meetings", meetingTests},
	{"SupportActions", supportActionTests},
	{"PrivateNotes", privateNoteTests},
	{"Signatures", signatureTests},
	{"Statements", statementTests},
	{"Certificates", certificateTests},
	{"Audit", auditTests},
	{"Outbox", outboxTests},
	{"WebhookDeliveries", webhookTests},
	{"Dashboards", dashboardTests},
	{"TrustYears", trustYearTests},
	{"Views", viewTests},
	{"National", nationalTests},
	{"Tallies", tallyTests},
	{"Reminders", reminderTests},
	{"HostKeys", hostKeyTests},
	{"Changes", changeTests},
	{"OneRead", oneReadTests},
	{"Times", timeTests},
	{"Transactions", transactionTests},
	{"Rollback", rollbackTests},
	{"Concurrency", concurrencyTests},
}

// Fixtures. Every row a test stores comes from one of these builders, so
// that rows are complete (every field set) and their ids are predictable.

const year = standards.AcademicYear(2025)

// base is the instant fixtures start from: microseconds, the precision
// every Store keeps, and UTC.
var base = time.Date(2025, time.September, 15, 9, 30, 0, 123456000, time.UTC)

// at returns the instant n minutes after base.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }

// id returns a 26-character id, lower-case like the domain's: kind is one
// letter naming the type, and n orders ids of one kind.
func id(kind string, n int) string { return fmt.Sprintf("%s%025d", kind, n) }

func trust(n int) standards.Trust {
	return standards.Trust{ID: id("t", n), Name: fmt.Sprintf("Trust %02d", n), CreatedAt: at(n)}
}

// centre returns centre n, whose number is 10000+n and which belongs to no
// trust.
func centre(n int) standards.Centre {
	return standards.Centre{
		ID:        id("c", n),
		Number:    standards.CentreNumber(fmt.Sprintf("%05d", 10000+n)),
		Name:      fmt.Sprintf("Centre %02d", n),
		CreatedAt: at(n),
	}
}

func person(n int) standards.Person {
	return standards.Person{
		ID:         id("p", n),
		Email:      fmt.Sprintf("person%02d@school.example", n),
		Name:       fmt.Sprintf("Person %02d", n),
		ExternalID: fmt.Sprintf("ext-%02d", n),
		// Odd people gave their own names; even ones were named by a
		// colleague, so that both round-trip (R-PER-3).
		OwnName:   n%2 == 1,
		CreatedAt: at(n),
	}
}

// registration returns a pending registration of p at c for y, requested at
// at(n) by p.
func registration(n int, c standards.Centre, p standards.Person, y standards.AcademicYear) standards.Registration {
	return standards.Registration{
		ID:           id("r", n),
		CentreID:     c.ID,
		PersonID:     p.ID,
		Year:         y,
		Roles:        standards.Roles{standards.RoleEO},
		Status:       standards.RegistrationPending,
		RequestedAt:  at(n),
		RegisteredBy: p.ID,
		AcceptedAt:   at(n),
	}
}

// decided returns r approved as an admin by p at at(n).
func decided(r standards.Registration, n int, p standards.Person) standards.Registration {
	r.Roles = standards.Roles{standards.RoleEO, standards.RoleSL, standards.RoleLM}
	r.Status = standards.RegistrationApproved
	r.Admin = true
	r.DecidedAt = at(n)
	r.DecidedBy = p.ID
	return r
}

func oversight(eo, overseer standards.Registration, by standards.Person, n int) standards.Oversight {
	return standards.Oversight{
		CentreID:               eo.CentreID,
		Year:                   eo.Year,
		EORegistrationID:       eo.ID,
		OverseerRegistrationID: overseer.ID,
		AssignedBy:             by.ID,
		AssignedAt:             at(n),
	}
}

func trustLead(tr standards.Trust, p, by standards.Person, n int) standards.TrustLead {
	return standards.TrustLead{TrustID: tr.ID, PersonID: p.ID, AppointedBy: by.ID, AppointedAt: at(n)}
}

func trustRequest(n int, tr standards.Trust, c standards.Centre, by standards.Person) standards.TrustRequest {
	return standards.TrustRequest{
		ID:          id("q", n),
		TrustID:     tr.ID,
		CentreID:    c.ID,
		From:        standards.SideCentre,
		RequestedBy: by.ID,
		RequestedAt: at(n),
	}
}

func auditEntry(n int, c standards.Centre, by standards.Person) standards.AuditEntry {
	return standards.AuditEntry{
		At:       at(n),
		Actor:    by.Email,
		ActorID:  by.ID,
		Action:   "registration.approve",
		Subject:  "registration/" + id("r", n),
		CentreID: c.ID,
		Summary:  fmt.Sprintf("entry %d", n),
	}
}

func event(n int, c standards.Centre, to ...standards.Person) standards.Event {
	e := standards.Event{
		ID:       id("ev", n),
		At:       at(n),
		Kind:     standards.EventRegistrationApproved,
		CentreID: c.ID,
		Subject:  "registration/" + id("r", n),
		Summary:  fmt.Sprintf("event %d", n),
	}
	for _, p := range to {
		e.To = append(e.To, p.Email)
	}
	return e
}

// record returns record n of registration r, at version 1 and open,
// created at at(n).
func record(n int, r standards.Registration) standards.Record {
	return standards.Record{
		ID:             id("e", n),
		RegistrationID: r.ID,
		CentreID:       r.CentreID,
		PersonID:       r.PersonID,
		Year:           r.Year,
		CreatedAt:      at(n),
		Version:        1,
	}
}

// day returns midnight UTC n days after 1 October 2025, as the domain keeps
// dates.
func day(n int) time.Time { return time.Date(2025, time.October, 1+n, 0, 0, 0, 0, time.UTC) }

// target returns target n of rec in Knowledge and Understanding, agreed,
// rated amber, created at at(n) and updated at at(n+1); it is not
// withdrawn, so WithdrawnReason is empty.
func target(n int, rec standards.Record) standards.Target {
	return standards.Target{
		ID:              id("g", n),
		RecordID:        rec.ID,
		Area:            standards.AreaKnowledge,
		Title:           fmt.Sprintf("Target %02d", n),
		Description:     fmt.Sprintf("What target %02d is about", n),
		SuccessMeasure:  fmt.Sprintf("How target %02d is known to be met", n),
		Due:             day(n),
		CatalogueItemID: "ku-regulations",
		State:           standards.TargetAgreed,
		ProposedBy:      standards.SideEO,
		Rating:          standards.RatingAmber,
		CreatedAt:       at(n),
		UpdatedAt:       at(n + 1),
	}
}

// targetChange returns a change of tg from agreed to in progress, rated
// green by p at at(n) in meeting m.
func targetChange(n int, tg standards.Target, m standards.Meeting, by standards.Person) standards.TargetChange {
	return standards.TargetChange{
		TargetID:  tg.ID,
		RecordID:  tg.RecordID,
		At:        at(n),
		By:        by.ID,
		From:      standards.TargetAgreed,
		To:        standards.TargetInProgress,
		Rating:    standards.RatingGreen,
		Comment:   fmt.Sprintf("change %d", n),
		MeetingID: m.ID,
	}
}

// cpdEntry returns CPD entry n of rec on day(n), supporting targets.
func cpdEntry(n int, rec standards.Record, targets ...standards.Target) standards.CPDEntry {
	e := standards.CPDEntry{
		ID:         id("d", n),
		RecordID:   rec.ID,
		Kind:       standards.CPDWebinar,
		Title:      fmt.Sprintf("Webinar %02d", n),
		Date:       day(n),
		Hours:      2.75,
		Provider:   "Awarding Body",
		Verified:   true,
		Reflection: fmt.Sprintf("What webinar %02d taught", n),
		CreatedAt:  at(n),
	}
	for _, tg := range targets {
		e.TargetIDs = append(e.TargetIDs, tg.ID)
	}
	return e
}

// meeting returns meeting n of rec on day(n), attended by attendees and
// recorded by by at at(n), making updates.
func meeting(n int, rec standards.Record, attendees []standards.Registration, by standards.Person, updates ...standards.TargetUpdate) standards.Meeting {
	m := standards.Meeting{
		ID:         id("m", n),
		RecordID:   rec.ID,
		Kind:       standards.MeetingProgressReview,
		Date:       day(n),
		Notes:      fmt.Sprintf("Notes of meeting %02d", n),
		Updates:    updates,
		RecordedBy: by.ID,
		RecordedAt: at(n),
	}
	for _, r := range attendees {
		m.Attendees = append(m.Attendees, r.ID)
	}
	return m
}

// targetUpdate returns an update of tg to ready for review, rated red.
func targetUpdate(tg standards.Target, comment string) standards.TargetUpdate {
	return standards.TargetUpdate{TargetID: tg.ID, State: standards.TargetReadyForReview, Rating: standards.RatingRed, Comment: comment}
}

// supportAction returns open support action n of rec, arranged at m, owned
// by owner and due on day(n).
func supportAction(n int, rec standards.Record, m standards.Meeting, owner standards.Registration) standards.SupportAction {
	return standards.SupportAction{
		ID:                  id("a", n),
		RecordID:            rec.ID,
		MeetingID:           m.ID,
		Description:         fmt.Sprintf("Support action %02d", n),
		OwnerRegistrationID: owner.ID,
		Due:                 day(n),
		State:               standards.ActionOpen,
		CreatedAt:           at(n),
	}
}

func privateNote(n int, rec standards.Record, author standards.Person) standards.PrivateNote {
	return standards.PrivateNote{
		ID:       id("n", n),
		RecordID: rec.ID,
		AuthorID: author.ID,
		Text:     fmt.Sprintf("Private note %02d", n),
		At:       at(n),
	}
}

// statement returns version v of the statement for y, published by by at
// at(n).
func statement(y standards.AcademicYear, v int, by standards.Person, n int) standards.Statement {
	return standards.Statement{
		Year:        y,
		Version:     v,
		Text:        fmt.Sprintf("Values and Attributes statement, %d version %d\n\n- keep papers secure;\n- act with integrity, \"always\".", y, v),
		PublishedAt: at(n),
		PublishedBy: by.ID,
	}
}

// signature returns p's signature of rec on side, of st, at at(n).
func signature(rec standards.Record, side standards.Side, p standards.Person, st standards.Statement, n int) standards.Signature {
	return standards.Signature{
		RecordID:         rec.ID,
		Side:             side,
		PersonID:         p.ID,
		At:               at(n),
		StatementVersion: st.Version,
		StatementHash:    st.Hash(),
	}
}

// certificate returns certificate n of rec, held by p at c and claimed by
// by, issued at at(n) and not revoked. Its serial and code are made from
// n.
func certificate(n int, rec standards.Record, c standards.Centre, p, by standards.Person) standards.Certificate {
	return standards.Certificate{
		ID:               id("k", n),
		Serial:           fmt.Sprintf("EOPS-2526-0000-%04d", n),
		VerificationCode: fmt.Sprintf("ABCD-EFGH-JKMN-PQRS-%04d", n),
		RecordID:         rec.ID,
		PersonID:         p.ID,
		HolderName:       p.Name,
		CentreID:         c.ID,
		CentreName:       c.Name,
		CentreNumber:     c.Number,
		Year:             rec.Year,
		IssuedAt:         at(n),
		ClaimedBy:        by.ID,
		ClaimedByName:    by.Name,
	}
}

// revoked returns c revoked by by at at(n).
func revoked(c standards.Certificate, by standards.Person, n int) standards.Certificate {
	c.RevokedAt = at(n)
	c.RevokedBy = by.ID
	c.RevokeReason = "Issued in error"
	return c
}

// seed commits the rows most tests build on: trusts 1 and 2, centres 1 to 3
// (in no trust) and people 1 to 4.
func seed(t *testing.T, s standards.Store) {
	t.Helper()
	write(t, s, func(tx standards.Tx) {
		for n := 1; n <= 2; n++ {
			mustCreateTrust(t, tx, trust(n))
		}
		for n := 1; n <= 3; n++ {
			mustCreateCentre(t, tx, centre(n))
		}
		for n := 1; n <= 4; n++ {
			mustCreatePerson(t, tx, person(n))
		}
	})
}

// Transactions.

// write runs fn in an Update that must commit.
func write(t *testing.T, s standards.Store, fn func(tx standards.Tx)) {
	t.Helper()
	require.NoError(t, s.Update(t.Context(), func(tx standards.Tx) error {
		fn(tx)
		return nil
	}))
}

// read runs fn in a View that must succeed.
func read(t *testing.T, s standards.Store, fn func(tx standards.Tx)) {
	t.Helper()
	require.NoError(t, s.View(t.Context(), func(tx standards.Tx) error {
		fn(tx)
		return nil
	}))
}

// assertConflict checks that fn, run in an Update of its own, fails with
// ErrConflict; fn should end with the write that is expected to fail. The
// Update goes on to commit even so, and may or may not manage to (a
// PostgreSQL transaction cannot after a failed statement): either way, the
// reads that follow check that the failed write left nothing behind.
func assertConflict(t *testing.T, s standards.Store, fn func(tx standards.Tx) error) bool {
	t.Helper()
	return assert.ErrorIs(t, tryThenCommit(t, s, fn), standards.ErrConflict)
}

// assertNotFound is assertConflict for updates and deletes of missing rows,
// which fail with ErrNotFound.
func assertNotFound(t *testing.T, s standards.Store, fn func(tx standards.Tx) error) bool {
	t.Helper()
	return assert.ErrorIs(t, tryThenCommit(t, s, fn), standards.ErrNotFound)
}

// tryThenCommit runs fn in an Update that ignores fn's error and tries to
// commit, and returns fn's error.
func tryThenCommit(t *testing.T, s standards.Store, fn func(tx standards.Tx) error) error {
	var err error
	_ = s.Update(t.Context(), func(tx standards.Tx) error {
		err = fn(tx)
		return nil
	})
	return err
}

func mustCreateTrust(t *testing.T, tx standards.Tx, v standards.Trust) {
	t.Helper()
	require.NoError(t, tx.CreateTrust(t.Context(), v), "create trust %s", v.ID)
}

func mustCreateCentre(t *testing.T, tx standards.Tx, v standards.Centre) {
	t.Helper()
	require.NoError(t, tx.CreateCentre(t.Context(), v), "create centre %s", v.ID)
}

func mustCreateCentreYear(t *testing.T, tx standards.Tx, v standards.CentreYear) {
	t.Helper()
	require.NoError(t, tx.CreateCentreYear(t.Context(), v), "create centre year %s %d", v.CentreID, v.Year)
}

func mustCreatePerson(t *testing.T, tx standards.Tx, v standards.Person) {
	t.Helper()
	require.NoError(t, tx.CreatePerson(t.Context(), v), "create person %s", v.ID)
}

func mustCreateRegistration(t *testing.T, tx standards.Tx, v standards.Registration) {
	t.Helper()
	require.NoError(t, tx.CreateRegistration(t.Context(), v), "create registration %s", v.ID)
}

func mustCreateOversight(t *testing.T, tx standards.Tx, v standards.Oversight) {
	t.Helper()
	require.NoError(t, tx.CreateOversight(t.Context(), v), "create oversight %s/%s", v.EORegistrationID, v.OverseerRegistrationID)
}

func mustCreateTrustLead(t *testing.T, tx standards.Tx, v standards.TrustLead) {
	t.Helper()
	require.NoError(t, tx.CreateTrustLead(t.Context(), v), "create trust lead %s/%s", v.TrustID, v.PersonID)
}

func mustCreateTrustRequest(t *testing.T, tx standards.Tx, v standards.TrustRequest) {
	t.Helper()
	require.NoError(t, tx.CreateTrustRequest(t.Context(), v), "create trust request %s", v.ID)
}

func mustCreateRecord(t *testing.T, tx standards.Tx, v standards.Record) {
	t.Helper()
	require.NoError(t, tx.CreateRecord(t.Context(), v), "create record %s", v.ID)
}

func mustCreateCPDEntry(t *testing.T, tx standards.Tx, v standards.CPDEntry) {
	t.Helper()
	require.NoError(t, tx.CreateCPDEntry(t.Context(), v), "create CPD entry %s", v.ID)
}

func mustCreateTarget(t *testing.T, tx standards.Tx, v standards.Target) {
	t.Helper()
	require.NoError(t, tx.CreateTarget(t.Context(), v), "create target %s", v.ID)
}

func mustAppendTargetChange(t *testing.T, tx standards.Tx, v standards.TargetChange) int64 {
	t.Helper()
	seq, err := tx.AppendTargetChange(t.Context(), v)
	require.NoError(t, err, "append target change")
	return seq
}

func mustCreateMeeting(t *testing.T, tx standards.Tx, v standards.Meeting) {
	t.Helper()
	require.NoError(t, tx.CreateMeeting(t.Context(), v), "create meeting %s", v.ID)
}

func mustCreateSupportAction(t *testing.T, tx standards.Tx, v standards.SupportAction) {
	t.Helper()
	require.NoError(t, tx.CreateSupportAction(t.Context(), v), "create support action %s", v.ID)
}

func mustCreatePrivateNote(t *testing.T, tx standards.Tx, v standards.PrivateNote) {
	t.Helper()
	require.NoError(t, tx.CreatePrivateNote(t.Context(), v), "create private note %s", v.ID)
}

func mustCreateSignature(t *testing.T, tx standards.Tx, v standards.Signature) {
	t.Helper()
	require.NoError(t, tx.CreateSignature(t.Context(), v), "create signature %s/%s", v.RecordID, v.Side)
}

func mustCreateStatement(t *testing.T, tx standards.Tx, v standards.Statement) {
	t.Helper()
	require.NoError(t, tx.CreateStatement(t.Context(), v), "create statement %d/%d", v.Year, v.Version)
}

func mustCreateCertificate(t *testing.T, tx standards.Tx, v standards.Certificate) {
	t.Helper()
	require.NoError(t, tx.CreateCertificate(t.Context(), v), "create certificate %s", v.ID)
}

func mustAppendAudit(t *testing.T, tx standards.Tx, v standards.AuditEntry) int64 {
	t.Helper()
	seq, err := tx.AppendAudit(t.Context(), v)
	require.NoError(t, err, "append audit entry")
	return seq
}

func mustAppendEvent(t *testing.T, tx standards.Tx, v standards.Event) int64 {
	t.Helper()
	seq, err := tx.AppendEvent(t.Context(), v)
	require.NoError(t, err, "append event")
	return seq
}

// Comparing.

// assertSame checks that want and got are equal once normalised: the
// differences a Store may introduce (a time's location, nil for an empty
// slice) are not differences in what it stores.
func assertSame[T any](t *testing.T, want, got T, msgAndArgs ...any) bool {
	t.Helper()
	return assert.Equal(t, normalise(want), normalise(got), msgAndArgs...)
}

// assertFound checks that err is nil and got is want, as assertSame does.
func assertFound[T any](t *testing.T, want, got T, err error, msgAndArgs ...any) bool {
	t.Helper()
	return assert.NoError(t, err, msgAndArgs...) && assertSame(t, want, got, msgAndArgs...)
}

// assertNotFoundOr checks that a lookup found nothing or found want: what a
// lookup by a key of a rejected duplicate must give.
func assertNotFoundOr[T any](t *testing.T, want, got T, err error, msgAndArgs ...any) bool {
	t.Helper()
	if errors.Is(err, standards.ErrNotFound) {
		return true
	}
	return assertFound(t, want, got, err, msgAndArgs...)
}

var timeType = reflect.TypeFor[time.Time]()

// normalise returns a deep copy of v with every time in UTC and every empty
// slice nil.
func normalise[T any](v T) T {
	normaliseValue(reflect.ValueOf(&v).Elem())
	return v
}

func normaliseValue(v reflect.Value) {
	if !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).UTC()))
			return
		}
		for i := range v.NumField() {
			normaliseValue(v.Field(i))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		v.Set(c)
		for i := range c.Len() {
			normaliseValue(c.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			normaliseValue(e)
			c.SetMapIndex(it.Key(), e)
		}
		v.Set(c)
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := reflect.New(v.Elem().Type()).Elem()
		e.Set(v.Elem())
		normaliseValue(e)
		v.Set(e)
	}
}

// keys maps each element of xs to its key, to compare the order of a list.
func keys[T, K any](xs []T, key func(T) K) []K {
	out := make([]K, len(xs))
	for i, x := range xs {
		out[i] = key(x)
	}
	return out
}
