package standards_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// hillsideInvitesEve is the attack of R-REG-13 set up: a year on, the admin
// of another centre registers Eve, Riverside's exams officer, as a
// colleague under a name of his choosing, and makes himself her overseer.
// It returns Eve's record at Hillside and her record of last year.
func hillsideInvitesEve(t *testing.T, f *fixture) (newRecord, oldRecord string) {
	t.Helper()
	ctx := t.Context()
	oldRecord = recordOf(t, f.svc, eoActor)
	_, _, err := f.svc.ProposeTarget(ctx, eoActor, oldRecord, standards.TargetInput{
		Area: standards.AreaKnowledge, Title: "Handle the secret paper breach", Description: "Private detail of the breach",
	})
	require.NoError(t, err)

	f.nextYear(t)
	reg, err := f.svc.RegisterColleague(ctx, otherActor, standards.Colleague{
		CentreID: f.other.ID, Year: 2026, Email: eoActor.Email, FullName: "Not Her Name", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	roster, err := f.svc.Roster(ctx, otherActor, f.other.ID, 2026)
	require.NoError(t, err)
	self, ok := findMember(roster, otherActor.Email)
	require.True(t, ok)
	_, err = f.svc.AssignOverseer(ctx, otherActor, standards.Overseeing{ExamsOfficer: reg.ID, Overseer: self.Registration.ID})
	require.NoError(t, err)
	eve, ok := roster.Member(reg.ID)
	require.True(t, ok)
	return eve.RecordID, oldRecord
}

func findMember(r standards.Roster, email string) (standards.Member, bool) {
	for _, m := range r.Members {
		if m.Person.Email == email {
			return m, true
		}
	}
	return standards.Member{}, false
}

// Until the person acts at the centre, it sees only what its registrant
// typed: not their name as they gave it, their history, nor their records.
func TestR_REG_13_AnInvitationShowsOnlyWhatTheRegistrantTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	newRecord, _ := hillsideInvitesEve(t, f)

	roster, err := f.svc.Roster(ctx, otherActor, f.other.ID, 2026)
	require.NoError(t, err)
	eve, ok := findMember(roster, eoActor.Email)
	require.True(t, ok)
	assert.Equal(t, "Not Her Name", eve.Person.Name, "the roster shows the name typed, not the real one")
	assert.False(t, eve.Registration.Accepted())

	tr, err := f.svc.Tracker(ctx, otherActor, newRecord)
	require.NoError(t, err)
	assert.Equal(t, "Not Her Name", tr.ExamsOfficer.Person.Name)

	_, err = f.svc.CertificationHistory(ctx, otherActor, eve.Person.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound, "her history is hers until she takes the place up")

	// Once Eve acts there, the centre knows her by her own name.
	_, _, err = f.svc.ProposeTarget(ctx, eoActor, newRecord, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Learn the new centre"})
	require.NoError(t, err)
	roster, err = f.svc.Roster(ctx, otherActor, f.other.ID, 2026)
	require.NoError(t, err)
	eve, _ = findMember(roster, eoActor.Email)
	assert.Equal(t, "Eve Officer", eve.Person.Name)
	assert.True(t, eve.Registration.Accepted())
	_, err = f.svc.CertificationHistory(ctx, otherActor, eve.Person.ID)
	assert.NoError(t, err)
}

// An overseer carries forward only from the exams officer's earlier record
// at the same centre; from another centre only the exams officer may.
func TestR_TGT_6_AnOverseerCarriesForwardOnlyFromTheSameCentre(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	newRecord, _ := hillsideInvitesEve(t, f)

	_, err := f.svc.CarryForward(ctx, otherActor, newRecord)
	require.ErrorIs(t, err, standards.ErrNotFound)
	tr, err := f.svc.Tracker(ctx, otherActor, newRecord)
	require.NoError(t, err)
	assert.Empty(t, tr.Targets, "nothing of Riverside's record reached Hillside")

	carried, err := f.svc.CarryForward(ctx, eoActor, newRecord)
	require.NoError(t, err)
	require.Len(t, carried, 1, "the exams officer brings her own targets")
	assert.Equal(t, "Handle the secret paper breach", carried[0].Title)
}

// A name others type is provisional: the name the host passes for the
// person replaces it when they act, they may correct it, and a certificate
// keeps the name it was issued with.
func TestR_PER_3_ANameIsItsOwners(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	squatted := standards.Actor{Email: "jo@riverside.sch.uk", Name: "Jo Bloggs"}
	_, err := f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: squatted.Email, FullName: "Idiot", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)

	// Jo's first act, as the host knows her, names her.
	rec := recordOf(t, f.svc, squatted)
	_, _, err = f.svc.ProposeTarget(ctx, squatted, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Entries"})
	require.NoError(t, err)
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	jo, _ := findMember(roster, squatted.Email)
	assert.Equal(t, "Jo Bloggs", jo.Person.Name)

	// A host name passed later does not undo her own; she corrects it.
	_, _, err = f.svc.ProposeTarget(ctx, standards.Actor{Email: squatted.Email, Name: "Someone Else"}, rec, standards.TargetInput{Area: standards.AreaSkills, Title: "Deadlines"})
	require.NoError(t, err)
	p, err := f.svc.CorrectMyName(ctx, squatted, "Joanna Bloggs")
	require.NoError(t, err)
	assert.Equal(t, "Joanna Bloggs", p.Name)
	_, err = f.svc.CorrectMyName(ctx, squatted, "")
	var ve *standards.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "full_name", ve.Fields[0].Field)
	roster, err = f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	jo, _ = findMember(roster, squatted.Email)
	assert.Equal(t, "Joanna Bloggs", jo.Person.Name)

	// Someone registering herself replaces a name a colleague typed.
	_, err = f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: "max@riverside.sch.uk", FullName: "Fool", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	_, err = f.svc.RegisterCentre(ctx, standards.Actor{Email: "max@riverside.sch.uk"}, standards.CentreRegistration{
		Year: year, CentreNumber: "99999", CentreName: "Max's School", FullName: "Max Mustermann", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	roster, err = f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	max, _ := findMember(roster, "max@riverside.sch.uk")
	assert.Equal(t, "Fool", max.Person.Name, "Riverside still sees the name it typed until Max acts there")
	me, err := f.svc.FindPerson(ctx, standards.Actor{Email: "max@riverside.sch.uk"}, "max@riverside.sch.uk")
	require.NoError(t, err)
	assert.Equal(t, "Max Mustermann", me.Name)
	assert.True(t, me.OwnName)
}

// A certificate keeps the name it was issued with (R-PER-3).
func TestR_PER_3_ACertificateKeepsTheNameAtIssue(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	cert, err := f.svc.Claim(ctx, slActor, f.eligibleRecord(t), allConfirmed())
	require.NoError(t, err)
	_, err = f.svc.CorrectMyName(ctx, eoActor, "Eve Married-Name")
	require.NoError(t, err)
	got, err := f.svc.Certificate(ctx, eoActor, cert.ID)
	require.NoError(t, err)
	assert.Equal(t, cert.HolderName, got.HolderName)
	assert.NotEqual(t, "Eve Married-Name", got.HolderName)
}

// Declining an invitation, or business with the centre's trust, is not
// acting at the centre: neither takes the invitation up (R-REG-13).
func TestR_REG_13_DecliningOrTrustBusinessDoesNotTakeAnInvitationUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	hillsideInvitesEve(t, f)
	roster, err := f.svc.Roster(ctx, otherActor, f.other.ID, 2026)
	require.NoError(t, err)
	eve, _ := findMember(roster, eoActor.Email)
	_, err = f.svc.Leave(ctx, eoActor, eve.Registration.ID)
	require.NoError(t, err)
	m, err := f.svc.Member(ctx, otherActor, eve.Registration.ID)
	require.NoError(t, err)
	assert.False(t, m.Registration.Accepted())
	assert.Equal(t, "Not Her Name", m.Person.Name)
	_, err = f.svc.CertificationHistory(ctx, otherActor, m.Person.ID)
	assert.ErrorIs(t, err, standards.ErrNotFound)

	// Hillside invites the trust's lead, then asks to join her trust: her
	// declining it is trust business, not acting at Hillside.
	g := newFixture(t)
	lead, err := g.svc.RegisterColleague(ctx, otherActor, standards.Colleague{
		CentreID: g.other.ID, Year: year, Email: leadActor.Email, FullName: "Typed Name", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	require.NoError(t, g.svc.DeclineTrustRequest(ctx, leadActor, g.request.ID))
	m, err = g.svc.Member(ctx, otherActor, lead.ID)
	require.NoError(t, err)
	assert.False(t, m.Registration.Accepted())
	assert.Equal(t, "Typed Name", m.Person.Name)
}

// Naming people in the trail and in mail, a centre uses the names it
// typed for invitations not taken up (R-REG-13).
func TestR_REG_13_TheTrailNamesAnInviteeAsTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	hillsideInvitesEve(t, f)
	trail, err := f.svc.AuditTrail(ctx, otherActor, f.other.ID, 0, standards.MaxPage)
	require.NoError(t, err)
	events, err := f.svc.PendingEvents(ctx, 0, standards.MaxPage)
	require.NoError(t, err)
	for _, e := range trail {
		assert.NotContains(t, e.Summary, "Eve Officer", "entry %d: %s", e.Seq, e.Summary)
	}
	for _, e := range events {
		if e.CentreID == f.other.ID {
			assert.NotContains(t, e.Summary, "Eve Officer", "event %d: %s", e.Seq, e.Summary)
		}
	}
	assert.True(t, slices.ContainsFunc(trail, func(e standards.AuditEntry) bool {
		return strings.Contains(e.Summary, "oversees Not Her Name")
	}))
}

// Someone two centres typed names for, whose host passes no name, goes by
// the name of the centre they take up, not the one typed first (R-PER-3).
func TestR_PER_3_TakingUpAPlaceTakesThatCentresName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	jo := standards.Actor{Email: "jo@riverside.sch.uk"}
	_, err := f.svc.RegisterColleague(ctx, otherActor, standards.Colleague{
		CentreID: f.other.ID, Year: year, Email: jo.Email, FullName: "Idiot", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	_, err = f.svc.RegisterColleague(ctx, adminActor, standards.Colleague{
		CentreID: f.centre.ID, Year: year, Email: jo.Email, FullName: "Jo Bloggs", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	mine, err := f.svc.MyRegistrations(ctx, jo)
	require.NoError(t, err)
	var rec string
	for _, m := range mine {
		if m.Centre.ID == f.centre.ID {
			rec = m.RecordID
		}
	}
	_, _, err = f.svc.ProposeTarget(ctx, jo, rec, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Entries"})
	require.NoError(t, err)
	roster, err := f.svc.Roster(ctx, adminActor, f.centre.ID, year)
	require.NoError(t, err)
	m, _ := findMember(roster, jo.Email)
	assert.Equal(t, "Jo Bloggs", m.Person.Name)
}
