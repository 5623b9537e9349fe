package standards_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// nextYear moves the fixture on to September 2026, where both centres are
// registered again by their admins.
func (f *fixture) nextYear(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	f.clock.t = time.Date(2026, time.September, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		a      standards.Actor
		number standards.CentreNumber
		name   string
	}{{adminActor, "12345", "Riverside Academy"}, {otherActor, "54321", "Hillside College"}} {
		_, err := f.svc.RegisterCentre(ctx, c.a, standards.CentreRegistration{
			Year: 2026, CentreNumber: c.number, CentreName: c.name, FullName: c.a.Name, Roles: standards.Roles{standards.RoleSL},
		})
		require.NoError(t, err)
	}
}

func TestR_REG_7_CertificatesFollowThePerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	oldRecord := f.eligibleRecord(t)
	cert, err := f.svc.Claim(ctx, slActor, oldRecord, allConfirmed())
	require.NoError(t, err)

	// A year on, Eve has moved to Hillside.
	f.nextYear(t)
	reg, err := f.svc.RequestToJoin(ctx, eoActor, standards.JoinRequest{Year: 2026, CentreNumber: "54321", FullName: "Eve Officer", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)

	mine, err := f.svc.MyCertificates(ctx, eoActor)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, cert.Serial, mine[0].Serial)

	// Hillside's admin sees her certificate once she is registered there,
	// but nothing else of Riverside.
	history, err := f.svc.CertificationHistory(ctx, otherActor, reg.PersonID)
	require.NoError(t, err)
	require.Len(t, history, 1)
	assert.Equal(t, "Riverside Academy", history[0].CentreName)
	_, err = f.svc.Tracker(ctx, otherActor, oldRecord)
	require.ErrorIs(t, err, standards.ErrNotFound)

	// Riverside's admin, with no registration of hers this year, does not.
	_, err = f.svc.CertificationHistory(ctx, adminActor, reg.PersonID)
	require.ErrorIs(t, err, standards.ErrNotFound)
	_, err = f.svc.CertificationHistory(ctx, leadActor, reg.PersonID)
	require.ErrorIs(t, err, standards.ErrNotFound)
	history, err = f.svc.CertificationHistory(ctx, operatorActor, reg.PersonID)
	require.NoError(t, err)
	assert.Len(t, history, 1)
}

func TestR_TGT_6_CarryForward(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	old := recordOf(t, f.svc, eoActor)
	states := map[string]string{}
	for _, item := range []string{"ku-entries", "ku-results", "ks-deadlines", "ks-presentation"} {
		tg, _, err := f.svc.ProposeTarget(ctx, eoActor, old, standards.TargetInput{CatalogueItemID: item, Due: day(time.March, 1)})
		require.NoError(t, err)
		states[item] = tg.ID
	}
	_, err := f.svc.AgreeTarget(ctx, slActor, states["ku-results"])
	require.NoError(t, err)
	_, err = f.svc.AchieveTarget(ctx, slActor, states["ku-results"], "")
	require.NoError(t, err)
	_, err = f.svc.WithdrawTarget(ctx, eoActor, states["ks-presentation"], "not this year")
	require.NoError(t, err)
	_, err = f.svc.AgreeTarget(ctx, slActor, states["ks-deadlines"])
	require.NoError(t, err)

	f.nextYear(t)
	reg, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{CentreID: f.centre.ID, Year: 2026, Email: eoActor.Email, FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	mine, err := f.svc.MyRegistrations(ctx, eoActor)
	require.NoError(t, err)
	require.Equal(t, reg.ID, mine[0].Registration.ID)
	rec := mine[0].RecordID

	carried, err := f.svc.CarryForward(ctx, eoActor, rec)
	require.NoError(t, err)
	var titles []string
	for _, c := range carried {
		titles = append(titles, c.Title)
		assert.Equal(t, standards.TargetProposed, c.State)
		assert.Equal(t, standards.SideEO, c.ProposedBy)
		assert.True(t, c.Due.IsZero(), "last year's due dates stay behind")
	}
	assert.ElementsMatch(t, []string{"Entries and registrations", "Managing deadlines"}, titles,
		"neither the achieved nor the withdrawn target is carried")

	again, err := f.svc.CarryForward(ctx, eoActor, rec)
	require.NoError(t, err)
	assert.Empty(t, again, "carrying twice adds nothing")

	// Last year's record is unchanged.
	tr, err := f.svc.Tracker(ctx, eoActor, old)
	require.NoError(t, err)
	assert.Len(t, tr.Targets, 4)

	_, err = f.svc.CarryForward(ctx, lmActor, rec)
	require.ErrorIs(t, err, standards.ErrNotFound, "the line manager has no registration this year")

	// Someone with no earlier record has nothing to carry.
	newcomer, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{CentreID: f.centre.ID, Year: 2026, Email: "new@riverside.sch.uk", FullName: "New", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	newMine, err := f.svc.MyRegistrations(ctx, standards.Actor{Email: "new@riverside.sch.uk"})
	require.NoError(t, err)
	require.Equal(t, newcomer.ID, newMine[0].Registration.ID)
	_, err = f.svc.CarryForward(ctx, standards.Actor{Email: "new@riverside.sch.uk"}, newMine[0].RecordID)
	require.ErrorIs(t, err, standards.ErrNotFound)
}

func TestR_REG_8_LegacyImport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	file := strings.Join([]string{
		"email,full name,centre number,academic year,date certified,certificate number",
		"Old.Hand@Riverside.sch.uk,Olive Hand,12345,2023/24,2024-07-10,NAEO-2324-0042",
		"eo@riverside.sch.uk,Eve Officer,67890,2024-25,2025-06-30,NAEO-2425-0007",
		"bad-email,Nobody,12345,2023/24,2024-07-10,NAEO-2324-0043",
		"x@riverside.sch.uk,X,12345,2023/25,10/07/2024,",
		"short,row",
	}, "\n")

	_, err := f.svc.ImportCertificates(ctx, adminActor, strings.NewReader(file), nil)
	require.ErrorIs(t, err, standards.ErrForbidden, "only the operator imports")

	var progress []int
	out, err := f.svc.ImportCertificates(ctx, operatorActor, strings.NewReader(file), func(done int) { progress = append(progress, done) })
	require.NoError(t, err)
	require.Len(t, out, 5)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, progress)
	assert.Equal(t, standards.ImportImported, out[0].Status)
	assert.Equal(t, 2, out[0].Line)
	assert.Equal(t, standards.ImportImported, out[1].Status)
	for _, bad := range out[2:] {
		assert.Equal(t, standards.ImportInvalid, bad.Status)
		var ve *standards.ValidationError
		require.ErrorAs(t, bad.Err, &ve, "line %d", bad.Line)
	}
	var ve *standards.ValidationError
	require.ErrorAs(t, out[3].Err, &ve)
	for _, field := range []string{"year", "date_certified", "certificate_number"} {
		assert.NotEmpty(t, ve.Message(field), field)
	}

	// Importing the same file again changes nothing.
	before := f.snapshot(t)
	again, err := f.svc.ImportCertificates(ctx, operatorActor, strings.NewReader(file), nil)
	require.NoError(t, err)
	assert.Equal(t, standards.ImportPresent, again[0].Status)
	assert.Equal(t, standards.ImportPresent, again[1].Status)
	assert.Equal(t, before, f.snapshot(t))

	// Eve's imported certificate is hers at once; Olive finds hers when she
	// first acts with her e-mail.
	mine, err := f.svc.MyCertificates(ctx, eoActor)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Equal(t, "NAEO-2425-0007", mine[0].Serial)
	assert.Equal(t, "centre 67890", mine[0].CentreName, "a centre the platform knows by number only")
	olive, err := f.svc.MyCertificates(ctx, standards.Actor{Email: "old.hand@riverside.sch.uk"})
	require.NoError(t, err)
	require.Len(t, olive, 1)
	assert.Equal(t, "Riverside Academy", olive[0].CentreName)
	assert.Equal(t, standards.AcademicYear(2023), olive[0].Year)

	// Imported certificates can be verified like any other.
	v, err := f.svc.Verify(ctx, olive[0].VerificationCode)
	require.NoError(t, err)
	assert.Equal(t, "Olive Hand", v.HolderName)
	held, err := f.svc.Certificate(ctx, standards.Actor{Email: "old.hand@riverside.sch.uk"}, olive[0].ID)
	require.NoError(t, err)
	assert.Equal(t, olive[0].Serial, held.Serial)
}

// TestR_TGT_6_TheTrackerSaysWhatCouldBeCarriedForward: a first-year
// exams officer's tracker offers nothing to carry forward; the next year's
// names the year it would carry from, to the exams officer and to their
// overseer at the same centre.
func TestR_TGT_6_TheTrackerSaysWhatCouldBeCarriedForward(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	first, err := f.svc.Tracker(ctx, eoActor, recordOf(t, f.svc, eoActor))
	require.NoError(t, err)
	assert.Zero(t, first.CarryForwardFrom, "a first year has nothing to carry")

	f.nextYear(t)
	_, err = f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{CentreID: f.centre.ID, Year: 2026, Email: eoActor.Email, FullName: "Eve", Roles: standards.Roles{standards.RoleEO}})
	require.NoError(t, err)
	mine, err := f.svc.MyRegistrations(ctx, eoActor)
	require.NoError(t, err)
	next, err := f.svc.Tracker(ctx, eoActor, mine[0].RecordID)
	require.NoError(t, err)
	assert.Equal(t, standards.AcademicYear(2025), next.CarryForwardFrom)
}
