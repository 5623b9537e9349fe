package standards_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
)

// TestR_PER_1_AHostFindsAPersonByItsOwnID: once a person holds the host's
// id, the host's id alone finds them; two ids of the host's that name
// different people act as neither.
func TestR_PER_1_AHostFindsAPersonByItsOwnID(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		eve := standards.Actor{Email: "eve@riverside.sch.uk", Name: "Eve Officer", ExternalID: "mis-7"}
		reg, err := svc.RegisterCentre(ctx, eve, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO},
		})
		require.NoError(t, err)

		byID := standards.Actor{ExternalID: "mis-7"}
		me, err := svc.Me(ctx, byID)
		require.NoError(t, err)
		assert.Equal(t, reg.PersonID, me.ID, "the host's id finds the person")
		assert.Equal(t, eve.Email, me.Email)
		assert.Equal(t, "mis-7", me.ExternalID)
		mine, err := svc.MyRegistrations(ctx, byID)
		require.NoError(t, err)
		require.Len(t, mine, 1)
		assert.Equal(t, reg.ID, mine[0].Registration.ID)

		// The host's id with the person's own address is the person too, in
		// any case of the address.
		me, err = svc.Me(ctx, standards.Actor{Email: " EVE@Riverside.sch.uk ", ExternalID: "mis-7"})
		require.NoError(t, err)
		assert.Equal(t, reg.PersonID, me.ID)

		// The host's id with another address: the host's two ids name two
		// people, or the address changed on the host's side only.
		_, err = svc.Me(ctx, standards.Actor{Email: "eve@newdomain.org.uk", ExternalID: "mis-7"})
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err), "a host routes it to its address sync")
		_, err = svc.CorrectMyName(ctx, standards.Actor{Email: "adam@riverside.sch.uk", ExternalID: "mis-7"}, "Adam")
		require.ErrorIs(t, err, standards.ErrConflict, "nobody takes over Eve's history with her host id")

		// Eve's address with another id of the host's: the address passed to
		// someone else on the host's side, who must not become Eve.
		_, err = svc.MyRegistrations(ctx, standards.Actor{Email: eve.Email, ExternalID: "mis-8"})
		require.ErrorIs(t, err, standards.ErrConflict)
		assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err))

		// An id nobody holds, alone, is nobody the library knows.
		_, err = svc.Me(ctx, standards.Actor{ExternalID: "mis-9"})
		require.ErrorIs(t, err, standards.ErrUnauthenticated)
		assert.Contains(t, err.Error(), "e-mail address")

		// Someone new, with an address and an id, is a new person.
		_, err = svc.Me(ctx, standards.Actor{Email: "new@riverside.sch.uk", ExternalID: "mis-9"})
		require.ErrorIs(t, err, standards.ErrNotFound, "not known until they register")

		// An id the SQL stores cannot hold is a field error.
		_, err = svc.Me(ctx, standards.Actor{Email: eve.Email, ExternalID: strings.Repeat("x", 201)})
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.NotEmpty(t, ve.Message("actor.external_id"))
	})
}

// TestR_PER_1_ChangingEmailKeepsHistory: a person whose school changes
// e-mail domain keeps everything: their certificate from an earlier year,
// their registration and record, all found by the new address, while the
// old address is a stranger's.
func TestR_PER_1_ChangingEmailKeepsHistory(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		const oldEmail, newEmail = "eve@riverside.sch.uk", "eve.officer@riverside.academy"
		// Her certificate of 2023/24 from the earlier platform.
		rows, err := svc.ImportCertificates(ctx, standards.SystemActor("import"),
			strings.NewReader(oldEmail+",Eve Officer,12345,2023/24,2024-07-01,NAEO-1\n"), nil)
		require.NoError(t, err)
		require.Len(t, rows, 1)
		require.Equal(t, standards.ImportImported, rows[0].Status, "%v", rows[0].Err)

		admin := standards.Actor{Email: "admin@riverside.sch.uk", Name: "Ada Admin"}
		_, err = svc.RegisterCentre(ctx, admin, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		old := standards.Actor{Email: oldEmail, Name: "Eve Officer"}
		reg := join(t, svc, old, "12345", standards.RoleEO)
		_, err = svc.ApproveRegistration(ctx, admin, reg.ID)
		require.NoError(t, err)
		rec := recordOf(t, svc, old)
		_, _, err = svc.ProposeTarget(ctx, old, rec, standards.TargetInput{CatalogueItemID: "ku-entries"})
		require.NoError(t, err)

		eve, err := svc.ChangeEmail(ctx, old, reg.PersonID, " Eve.Officer@Riverside.Academy ")
		require.NoError(t, err)
		assert.Equal(t, newEmail, eve.Email, "normalised")
		assert.Equal(t, reg.PersonID, eve.ID, "one person still")

		now := standards.Actor{Email: newEmail}
		certs, err := svc.MyCertificates(ctx, now)
		require.NoError(t, err)
		require.Len(t, certs, 1, "the earlier year's certificate is still hers")
		assert.Equal(t, "NAEO-1", certs[0].Serial)
		mine, err := svc.MyRegistrations(ctx, now)
		require.NoError(t, err)
		require.Len(t, mine, 1)
		assert.Equal(t, reg.ID, mine[0].Registration.ID)
		tr, err := svc.Tracker(ctx, now, rec)
		require.NoError(t, err)
		assert.Len(t, tr.Targets, 1, "her record is reached with the new address")

		// The old address is a stranger now.
		_, err = svc.Me(ctx, old)
		require.ErrorIs(t, err, standards.ErrNotFound)
		stale, err := svc.MyCertificates(ctx, old)
		require.NoError(t, err)
		assert.Empty(t, stale)
		_, err = svc.Tracker(ctx, old, rec)
		require.ErrorIs(t, err, standards.ErrNotFound)

		// The change is in the platform's trail and her centre's, and both
		// addresses hear of it.
		platform, err := svc.PlatformTrail(ctx, standards.Actor{Email: "ops@naeo.org.uk", Operator: true}, 0, standards.MaxPage)
		require.NoError(t, err)
		require.Equal(t, "person.email", platform[0].Action)
		assert.Equal(t, reg.PersonID, platform[0].ActorID)
		assert.Contains(t, platform[0].Summary, oldEmail)
		assert.Contains(t, platform[0].Summary, newEmail)
		trail, err := svc.AuditTrail(ctx, admin, reg.CentreID, 0, standards.MaxPage)
		require.NoError(t, err)
		assert.Equal(t, "person.email", trail[0].Action)
		events, err := svc.PendingEvents(ctx, 0, standards.MaxPage)
		require.NoError(t, err)
		last := events[len(events)-1]
		assert.Equal(t, standards.EventEmailChanged, last.Kind)
		assert.ElementsMatch(t, []string{oldEmail, newEmail}, last.To)
	})
}

// TestR_PER_1_ChangeEmailChecksTheAddress: the new address is normalised and
// checked, and no two people share one.
func TestR_PER_1_ChangeEmailChecksTheAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	before := f.snapshot(t)
	for _, bad := range []string{"", "not an address", "eve@", "erased-x@erased.invalid"} {
		_, err := f.svc.ChangeEmail(ctx, eoActor, f.eo.PersonID, bad)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "%q", bad)
		assert.NotEmpty(t, ve.Message("email"), "%q", bad)
	}
	_, err := f.svc.ChangeEmail(ctx, otherActor, f.eo.PersonID, "not an address")
	require.ErrorIs(t, err, standards.ErrNotFound, "scope before input: a stranger learns nothing of Eve")
	_, err = f.svc.ChangeEmail(ctx, eoActor, f.eo.PersonID, slActor.Email)
	require.ErrorIs(t, err, standards.ErrConflict, "Sam's address is Sam's")
	assert.Equal(t, standards.ReasonEmailTaken, standards.ErrorReason(err))
	_, err = f.svc.ChangeEmail(ctx, eoActor, f.eo.PersonID, strings.ToUpper(eoActor.Email))
	require.NoError(t, err, "her own address is no change")
	assert.Equal(t, before, f.snapshot(t), "and nothing was written")

	// The operator may change anyone's; an erased person's stays erased.
	_, err = f.svc.ChangeEmail(ctx, operatorActor, f.sl.PersonID, "sam@riverside.academy")
	require.NoError(t, err)
	require.NoError(t, f.svc.ErasePerson(ctx, operatorActor, f.lm.PersonID))
	_, err = f.svc.ChangeEmail(ctx, operatorActor, f.lm.PersonID, "lee@riverside.academy")
	require.ErrorIs(t, err, standards.ErrConflict)
}

// TestR_PER_1_TheHostChangesAnAddressByItsID: a host whose person's address
// changed on its side changes it here acting as them by its id alone, and
// the person goes on acting with the new address and the id.
func TestR_PER_1_TheHostChangesAnAddressByItsID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	withID := eoActor
	withID.ExternalID = "mis-7"
	_, err := f.svc.CorrectMyName(ctx, withID, "Eve Officer") // her first change attaches the id
	require.NoError(t, err)

	moved := standards.Actor{Email: "eve@riverside.academy", ExternalID: "mis-7"}
	_, err = f.svc.MyRegistrations(ctx, moved)
	require.ErrorIs(t, err, standards.ErrConflict, "until the library is told")
	_, err = f.svc.ChangeEmail(ctx, standards.Actor{ExternalID: "mis-7"}, f.eo.PersonID, moved.Email)
	require.NoError(t, err)
	me, err := f.svc.Me(ctx, moved)
	require.NoError(t, err)
	assert.Equal(t, f.eo.PersonID, me.ID)
	_, _, err = f.svc.ProposeTarget(ctx, moved, recordOf(t, f.svc, moved), standards.TargetInput{CatalogueItemID: "ku-entries"})
	require.NoError(t, err)
}

// TestErasureAfterAnEmailChangeFindsEveryAddress: an erasure rewrites the
// entries that name a person by an address they had before, as actor (their
// first entry, made before they were a known person) or in a summary (the
// changes of address themselves).
func TestErasureAfterAnEmailChangeFindsEveryAddress(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		operator := standards.Actor{Email: "ops@naeo.org.uk", Operator: true}
		admin := standards.Actor{Email: "admin@riverside.sch.uk", Name: "Ada Admin"}
		_, err := svc.RegisterCentre(ctx, admin, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		// Kim asks to join: her first entry, recording her, was made before
		// she was a known person, so it names her by address alone.
		first := standards.Actor{Email: "kim@riverside.sch.uk", Name: "Kim Kaur"}
		kim := join(t, svc, first, "12345", standards.RoleEO)
		_, err = svc.ApproveRegistration(ctx, admin, kim.ID)
		require.NoError(t, err)
		_, _, err = svc.ProposeTarget(ctx, first, recordOf(t, svc, first), standards.TargetInput{CatalogueItemID: "ku-entries"})
		require.NoError(t, err)
		_, err = svc.ChangeEmail(ctx, first, kim.PersonID, "kim.kaur@riverside.academy")
		require.NoError(t, err)
		_, err = svc.ChangeEmail(ctx, standards.Actor{Email: "kim.kaur@riverside.academy"}, kim.PersonID, "kk@riverside.academy")
		require.NoError(t, err)
		require.NoError(t, svc.ErasePerson(ctx, operator, kim.PersonID))

		trail, err := svc.AuditTrail(ctx, admin, kim.CentreID, 0, standards.MaxPage)
		require.NoError(t, err)
		platform, err := svc.PlatformTrail(ctx, operator, 0, standards.MaxPage)
		require.NoError(t, err)
		var hers int
		for _, e := range append(trail, platform...) {
			for _, gone := range []string{"kim@riverside.sch.uk", "kim.kaur@riverside.academy", "kk@riverside.academy", "Kim Kaur"} {
				assert.NotContains(t, e.Actor, gone, "entry %d (%s)", e.Seq, e.Action)
				assert.NotContains(t, e.Summary, gone, "entry %d (%s)", e.Seq, e.Action)
			}
			if e.ActorID == kim.PersonID {
				hers++
			}
		}
		assert.GreaterOrEqual(t, hers, 3, "her entries stay, nameless")
	})
}

// TestSystemActorImportsAndIsNamedInTheTrail: a host's job imports history
// as itself, named in the trail; RemindersDue's entries name their job;
// and a system actor carries nothing of a person's.
func TestSystemActorImportsAndIsNamedInTheTrail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	rows, err := f.svc.ImportCertificates(ctx, standards.SystemActor("import"),
		strings.NewReader("kim@riverside.sch.uk,Kim Kaur,12345,2023/24,2024-07-01,NAEO-1\n"), nil)
	require.NoError(t, err)
	require.Equal(t, standards.ImportImported, rows[0].Status, "%v", rows[0].Err)
	trail, err := f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 1)
	require.NoError(t, err)
	require.Equal(t, "certificate.import", trail[0].Action)
	assert.Equal(t, "system: import", trail[0].Actor)
	assert.Empty(t, trail[0].ActorID)
	assert.False(t, trail[0].Operator)

	f.clock.t = time.Date(2025, time.November, 3, 8, 0, 0, 0, time.UTC)
	n, err := f.svc.RemindersDue(ctx, f.clock.t)
	require.NoError(t, err)
	require.Positive(t, n)
	trail, err = f.svc.AuditTrail(ctx, adminActor, f.centre.ID, 0, 1)
	require.NoError(t, err)
	require.Equal(t, "reminders.due", trail[0].Action)
	assert.Equal(t, "system: reminders", trail[0].Actor)

	for _, bad := range []standards.Actor{
		{System: "import", Operator: true},
		{System: "import", Email: "ops@naeo.org.uk"},
		{System: "import", ExternalID: "job-1"},
		{System: " import"},
		{System: strings.Repeat("j", 51)},
	} {
		_, err := f.svc.ImportCertificates(ctx, bad, strings.NewReader(""), nil)
		var ve *standards.ValidationError
		require.ErrorAs(t, err, &ve, "%+v", bad)
		assert.NotEmpty(t, ve.Message("actor.system"), "%+v", bad)
	}
	err = f.svc.ErasePerson(ctx, standards.SystemActor("import"), f.eo.PersonID)
	require.ErrorIs(t, err, standards.ErrForbidden)
	assert.Contains(t, err.Error(), "system job (import)")
}

// TestR_REG_13_AnInvitationShowsTheAddressTyped: a centre that invited
// someone who has not taken the place up sees the address it typed, not
// the one the person changed to, and its trail hears nothing of the change.
func TestR_REG_13_AnInvitationShowsTheAddressTyped(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		admin := standards.Actor{Email: "admin@riverside.sch.uk", Name: "Ada Admin"}
		ada, err := svc.RegisterCentre(ctx, admin, standards.CentreRegistration{
			Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		kim, err := svc.RegisterColleague(ctx, admin, standards.Colleague{
			CentreID: ada.CentreID, Year: year, Email: "Kim@Riverside.sch.uk", FullName: "Kim K", Roles: standards.Roles{standards.RoleEO},
		})
		require.NoError(t, err)
		_, err = svc.ChangeEmail(ctx, standards.Actor{Email: "kim@riverside.sch.uk"}, kim.PersonID, "kim.kaur@private.example")
		require.NoError(t, err)

		m, err := svc.Member(ctx, admin, kim.ID)
		require.NoError(t, err)
		assert.Equal(t, "kim@riverside.sch.uk", m.Person.Email, "what the centre typed")
		assert.Equal(t, "Kim K", m.Person.Name)
		trail, err := svc.AuditTrail(ctx, admin, ada.CentreID, 0, standards.MaxPage)
		require.NoError(t, err)
		for _, e := range trail {
			assert.NotContains(t, e.Summary, "kim.kaur@private.example", "entry %d (%s)", e.Seq, e.Action)
		}

		// Once she takes the place up, the centre sees her as she is.
		kimNow := standards.Actor{Email: "kim.kaur@private.example", Name: "Kim Kaur"}
		_, _, err = svc.ProposeTarget(ctx, kimNow, recordOf(t, svc, kimNow), standards.TargetInput{CatalogueItemID: "ku-entries"})
		require.NoError(t, err)
		m, err = svc.Member(ctx, admin, kim.ID)
		require.NoError(t, err)
		assert.Equal(t, "kim.kaur@private.example", m.Person.Email)

		// An erasure takes the typed address too.
		lou, err := svc.RegisterColleague(ctx, admin, standards.Colleague{
			CentreID: ada.CentreID, Year: year, Email: "lou@riverside.sch.uk", FullName: "Lou Lim", Roles: standards.Roles{standards.RoleLM},
		})
		require.NoError(t, err)
		require.NoError(t, svc.ErasePerson(ctx, standards.Actor{Email: "ops@naeo.org.uk", Operator: true}, lou.PersonID))
		m, err = svc.Member(ctx, admin, lou.ID)
		require.NoError(t, err)
		assert.NotContains(t, m.Person.Email, "lou@")
		assert.Equal(t, standards.ErasedName, m.Person.Name)
	})
}

// TestR_PER_1_APageFindsItsReaderAsAnyQueryDoes: the pages that read their
// view before they know who is asking (a record's tracker, flags and claim
// checklist, a centre's list, a person's certification history) find the reader among the view's people when
// they are there, and otherwise as every query does: by the host's id or
// address alike, refusing the same mismatches, and checking who is asking
// before saying a record does not exist.
func TestR_PER_1_APageFindsItsReaderAsAnyQueryDoes(t *testing.T) {
	t.Parallel()
	forEachStore(t, septemberDay, func(t *testing.T, svc *standards.Service, _ *clock) {
		ctx := t.Context()
		sc := newReaderScene(t, svc)
		head, eo, reg, mine, record := sc.head, sc.eo, sc.reg, sc.mine, sc.record

		// Who of the exams officer and the trust's lead may see each page.
		mayEO := map[string]bool{"tracker": true, "flags": true, "checklist": true, "centre list": false, "history": true}
		mayLead := map[string]bool{"tracker": false, "flags": true, "checklist": false, "centre list": true, "history": false}
		may := func(t *testing.T, may bool, err error, msg string) {
			t.Helper()
			if may {
				assert.NoError(t, err, msg)
			} else {
				// Refused as the page refuses: a history hides that it exists.
				assert.True(t, errors.Is(err, standards.ErrForbidden) || errors.Is(err, standards.ErrNotFound), "%s: %v", msg, err)
			}
		}
		pages := map[string]func(a standards.Actor, record string) error{
			"tracker": func(a standards.Actor, record string) error {
				tr, err := svc.Tracker(ctx, a, record)
				if err == nil && (a.Email == head.Email || a.ExternalID == head.ExternalID) {
					assert.True(t, tr.ViewerIsAdmin, "the head is found as the centre's admin")
				}
				return err
			},
			"flags": func(a standards.Actor, record string) error {
				_, err := svc.RecordFlags(ctx, a, record)
				return err
			},
			"checklist": func(a standards.Actor, record string) error {
				_, err := svc.ClaimEligibility(ctx, a, record, standards.Confirmations{})
				return err
			},
			"history": func(a standards.Actor, record string) error {
				person := mine[0].Registration.PersonID
				if record != mine[0].RecordID {
					person = "nosuchperson"
				}
				_, err := svc.CertificationHistory(ctx, a, person)
				return err
			},
			"centre list": func(a standards.Actor, record string) error {
				centre := reg.CentreID
				if record != mine[0].RecordID {
					centre = "nosuchcentre"
				}
				d, err := svc.CentreDashboard(ctx, a, centre, year)
				if err == nil && a.ExternalID == head.ExternalID {
					assert.Len(t, d.ExamsOfficers, 1, "the head, found by the host's id, sees every exams officer")
				}
				return err
			},
		}
		for name, page := range pages {
			// In the view, by address, by the host's id, or both.
			require.NoError(t, page(standards.Actor{Email: head.Email}, record), name)
			require.NoError(t, page(standards.Actor{ExternalID: head.ExternalID}, record), name)
			require.NoError(t, page(head, record), name)
			may(t, mayEO[name], page(eo, record), name)
			// Not in the view: the lead of the centre's trust.
			may(t, mayLead[name], page(leadActor, record), name)
			// The mismatches every query refuses.
			err := page(standards.Actor{Email: "someone@else.example", ExternalID: head.ExternalID}, record)
			assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err), "%s: %v", name, err)
			err = page(standards.Actor{Email: head.Email, ExternalID: "mis-8"}, record)
			assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err), "%s: %v", name, err)
			assert.ErrorIs(t, page(standards.Actor{ExternalID: "mis-9"}, record), standards.ErrUnauthenticated, name)
			// A stranger is refused as before.
			err = page(standards.Actor{Email: "stranger@elsewhere.example"}, record)
			assert.True(t, errors.Is(err, standards.ErrForbidden) || errors.Is(err, standards.ErrNotFound), "%s: %v", name, err)
			// Who is asking is checked before what they ask for.
			err = page(standards.Actor{Email: head.Email, ExternalID: "mis-8"}, "nosuchrecord")
			assert.Equal(t, standards.ReasonIdentityMismatch, standards.ErrorReason(err), "%s: %v", name, err)
			assert.ErrorIs(t, page(standards.Actor{ExternalID: "mis-9"}, "nosuchrecord"), standards.ErrUnauthenticated, name)
			assert.ErrorIs(t, page(head, "nosuchrecord"), standards.ErrNotFound, name)
		}
	})
}

// TestR_PER_1_APageFindsWhomEveryQueryFinds holds the pages that find their
// reader in their view (a record's pages, a person's history) to whom every
// query finds (identify), and to the same error and reason, for every pair
// of 8 addresses and 7 host's ids: none, the head's (held), in another case
// or with spaces about it, an unknown one, a trust lead's, another centre's
// person's, a stranger's. It runs on every database the tests reach, since
// on PostgreSQL and MySQL the page is one statement outside a transaction
// (OneReadViewer).
func TestR_PER_1_APageFindsWhomEveryQueryFinds(t *testing.T) {
	t.Parallel()
	forEachDatabase(t, septemberDay, func(t *testing.T, svc *standards.Service) {
		ctx := t.Context()
		sc := newReaderScene(t, svc)
		head, eo, trust, record, eoPerson := sc.head, sc.eo, sc.trust, sc.record, sc.mine[0].Registration.PersonID
		// Someone at another centre, known by the host's id; and the lead
		// given an id of the host's at their next change.
		_, err := svc.RegisterCentre(ctx, standards.Actor{Email: "other@hill.sch.uk", ExternalID: "oth-1"}, standards.CentreRegistration{
			Year: year, CentreNumber: "22222", CentreName: "Hill", FullName: "Oth Er", Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
		_, err = svc.InviteCentre(ctx, standards.Actor{Email: leadActor.Email, ExternalID: "lead-1"}, trust.ID, "22222")
		require.NoError(t, err)

		outcome := func(err error) string {
			if err == nil {
				return "found"
			}
			return string(standards.ErrorReason(err)) + ": " + err.Error()
		}
		addresses := []string{"", head.Email, "HEAD@Riverside.sch.uk", " head@riverside.sch.uk ", eo.Email, leadActor.Email, "other@hill.sch.uk", "stranger@elsewhere.example"}
		ids := []string{"", "mis-7", "MIS-7", "mis-7 ", "lead-1", "oth-1", "nobody"}
		for _, email := range addresses {
			for _, id := range ids {
				a := standards.Actor{Email: email, ExternalID: id}
				want, wantEmail, wantErr := standards.WhoByView(svc, ctx, a)
				page, pageEmail, pageErr := standards.WhoByRecordPage(svc, ctx, a, record)
				history, historyEmail, historyErr := standards.WhoByHistory(svc, ctx, a, eoPerson)
				assert.Equal(t, outcome(wantErr), outcome(pageErr), "%+v: the record's page", a)
				assert.Equal(t, outcome(wantErr), outcome(historyErr), "%+v: the history", a)
				assert.Equal(t, []string{want, wantEmail}, []string{page, pageEmail}, "%+v: the record's page", a)
				assert.Equal(t, []string{want, wantEmail}, []string{history, historyEmail}, "%+v: the history", a)
			}
		}
	})
}

// forEachDatabase runs a scenario on each of scenarioStores and, where the
// tests reach them, on PostgreSQL and MySQL through sqlstore.
func forEachDatabase(t *testing.T, day time.Time, scenario func(t *testing.T, svc *standards.Service)) {
	stores := append(slices.Clone(scenarioStores), []struct {
		name string
		open func(t *testing.T) standards.Store
	}{
		{"postgres", func(t *testing.T) standards.Store {
			dbtest.Need(t, dbtest.PostgresEnv, "PostgreSQL")
			s, err := postgres.New(dbtest.Postgres(t))
			require.NoError(t, err)
			require.NoError(t, s.Migrate(t.Context()))
			return s
		}},
		{"mysql", func(t *testing.T) standards.Store {
			dbtest.Need(t, dbtest.MySQLEnv, "MySQL")
			s, err := mysql.New(dbtest.MySQL(t))
			require.NoError(t, err)
			require.NoError(t, s.Migrate(t.Context()))
			return s
		}},
	}...)
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: day}
			scenario(t, standards.New(st.open(t), standards.WithClock(clk.now)))
		})
	}
}

// readerScene is Riverside with its head (known by the host's id too) and
// an exams officer who has taken up their registration, in a trust whose
// lead is registered nowhere: readers in a view and out of it.
type readerScene struct {
	head, eo standards.Actor
	reg      standards.Registration
	mine     []standards.OwnRegistration
	record   string
	trust    standards.Trust
}

func newReaderScene(t *testing.T, svc *standards.Service) readerScene {
	t.Helper()
	ctx := t.Context()
	sc := readerScene{head: standards.Actor{Email: "head@riverside.sch.uk", ExternalID: "mis-7"}, eo: standards.Actor{Email: "eo@riverside.sch.uk"}}
	var err error
	sc.reg, err = svc.RegisterCentre(ctx, sc.head, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Hana Head", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	_, err = svc.RegisterColleague(ctx, sc.head, standards.Colleague{
		CentreID: sc.reg.CentreID, Year: year, Email: sc.eo.Email, FullName: "Eddie Officer", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	sc.mine, err = svc.MyRegistrations(ctx, sc.eo)
	require.NoError(t, err)
	sc.record = sc.mine[0].RecordID
	require.NotEmpty(t, sc.record)
	// The exams officer takes up their registration, so that the head may
	// see their history (R-REG-13).
	_, _, err = svc.ProposeTarget(ctx, sc.eo, sc.record, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Entries"})
	require.NoError(t, err)
	sc.trust, err = svc.CreateTrust(ctx, operatorActor, "Valley Learning Trust")
	require.NoError(t, err)
	_, err = svc.AppointTrustLead(ctx, operatorActor, sc.trust.ID, leadActor.Email, leadActor.Name)
	require.NoError(t, err)
	invite, err := svc.InviteCentre(ctx, leadActor, sc.trust.ID, "12345")
	require.NoError(t, err)
	_, err = svc.AcceptTrustRequest(ctx, sc.head, invite.ID)
	require.NoError(t, err)
	return sc
}
