package standards_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// The actors of the fixture centre, 12345 Riverside Academy, in 2025/26.
var (
	adminActor    = standards.Actor{Email: "admin@riverside.sch.uk", Name: "Ada Admin"}
	slActor       = standards.Actor{Email: "sl@riverside.sch.uk", Name: "Sam Senior"}
	lmActor       = standards.Actor{Email: "lm@riverside.sch.uk", Name: "Lee Manager"}
	eoActor       = standards.Actor{Email: "eo@riverside.sch.uk", Name: "Eve Officer"}
	pendingActor  = standards.Actor{Email: "new@riverside.sch.uk", Name: "Pat Pending"}
	otherActor    = standards.Actor{Email: "admin@hillside.sch.uk", Name: "Olu Other"}
	leadActor     = standards.Actor{Email: "lead@trust.org.uk", Name: "Lou Lead"}
	operatorActor = standards.Actor{Email: "ops@naeo.org.uk", Name: "Ops", Operator: true}
	nobody        = standards.Actor{}
)

const year = standards.AcademicYear(2025)

// septemberDay is a day inside the registration window of 2025/26.
var septemberDay = time.Date(2025, time.September, 15, 10, 0, 0, 0, time.UTC)

// clock is a settable clock for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// newService returns a service on an empty memory store, standing on day.
func newService(t testing.TB, day time.Time) (*standards.Service, *memory.Store, *clock) {
	t.Helper()
	store := &committingStore{Store: memory.New()}
	c := &clock{t: day}
	svc := standards.New(store, standards.WithClock(c.now))
	// Every test on this service also checks that each command it
	// committed was counted, and nothing else (Changes).
	t.Cleanup(func() {
		n, err := store.ChangeCount(context.Background())
		require.NoError(t, err)
		assert.Equal(t, store.commits.Load(), n, "the count of changes is the count of committed commands")
	})
	return svc, store.Store, c
}

// scenarioStores are the stores the case studies run on: the memory store,
// and SQLite through sqlstore, so that the whole year is proven on a real
// database too.
var scenarioStores = []struct {
	name string
	open func(t *testing.T) standards.Store
}{
	{"memory", func(*testing.T) standards.Store { return memory.New() }},
	{"sqlite", func(t *testing.T) standards.Store {
		s, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		require.NoError(t, s.Migrate(context.Background()))
		return s
	}},
}

// forEachStore runs a scenario as a subtest on each of scenarioStores,
// handing it a service on that store standing on day.
func forEachStore(t *testing.T, day time.Time, scenario func(t *testing.T, svc *standards.Service, clk *clock)) {
	for _, st := range scenarioStores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: day}
			scenario(t, standards.New(st.open(t), standards.WithClock(clk.now)), clk)
		})
	}
}

// fixture is a registered centre with one member of each kind, a second
// centre, and a trust that holds the first centre.
type fixture struct {
	svc     *standards.Service
	store   *memory.Store
	clock   *clock
	centre  standards.Centre
	other   standards.Centre
	trust   standards.Trust
	admin   standards.Registration // SL, admin
	sl      standards.Registration // SL
	lm      standards.Registration // LM
	eo      standards.Registration // EO, overseen by sl
	pending standards.Registration // EO, pending
	otherAd standards.Registration // admin of the other centre
	request standards.TrustRequest // the other centre asks to join the trust
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	svc, store, c := newService(t, septemberDay)
	f := &fixture{svc: svc, store: store, clock: c}
	var err error
	f.admin, err = svc.RegisterCentre(ctx, adminActor, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	f.sl = join(t, svc, slActor, "12345", standards.RoleSL)
	f.lm = join(t, svc, lmActor, "12345", standards.RoleLM)
	f.eo = join(t, svc, eoActor, "12345", standards.RoleEO)
	for _, r := range []*standards.Registration{&f.sl, &f.lm, &f.eo} {
		*r, err = svc.ApproveRegistration(ctx, adminActor, r.ID)
		require.NoError(t, err)
	}
	f.pending = join(t, svc, pendingActor, "12345", standards.RoleEO)
	_, err = svc.AssignOverseer(ctx, adminActor, standards.Overseeing{ExamsOfficer: f.eo.ID, Overseer: f.sl.ID})
	require.NoError(t, err)

	f.otherAd, err = svc.RegisterCentre(ctx, otherActor, standards.CentreRegistration{
		Year: year, CentreNumber: "54321", CentreName: "Hillside College", FullName: "Olu Other", Roles: standards.Roles{standards.RoleLM},
	})
	require.NoError(t, err)

	f.trust, err = svc.CreateTrust(ctx, operatorActor, "Valley Learning Trust")
	require.NoError(t, err)
	_, err = svc.AppointTrustLead(ctx, operatorActor, f.trust.ID, leadActor.Email, leadActor.Name)
	require.NoError(t, err)
	invite, err := svc.InviteCentre(ctx, leadActor, f.trust.ID, "12345")
	require.NoError(t, err)
	f.centre, err = svc.AcceptTrustRequest(ctx, adminActor, invite.ID)
	require.NoError(t, err)
	f.request, err = svc.AskToJoinTrust(ctx, otherActor, f.trust.ID, f.otherAd.CentreID)
	require.NoError(t, err)
	roster, err := svc.Roster(ctx, otherActor, f.otherAd.CentreID, year)
	require.NoError(t, err)
	f.other = roster.Centre
	return f
}

func join(t testing.TB, svc *standards.Service, a standards.Actor, number standards.CentreNumber, roles ...standards.Role) standards.Registration {
	t.Helper()
	r, err := svc.RequestToJoin(context.Background(), a, standards.JoinRequest{
		Year: year, CentreNumber: number, FullName: a.Name, Roles: roles,
	})
	require.NoError(t, err)
	return r
}

// snapshot reads everything a change could touch, so a test can check that
// a refused command wrote nothing.
type snapshot struct {
	regs   []standards.Registration
	audit  []standards.AuditEntry
	events []standards.Event
	trust  []standards.Centre
	// hooks and deliveries are the webhook endpoints and their deliveries.
	hooks      []standards.WebhookEndpoint
	deliveries []standards.WebhookDelivery
}

func (f *fixture) snapshot(t testing.TB) snapshot {
	t.Helper()
	var s snapshot
	ctx := context.Background()
	require.NoError(t, f.store.View(ctx, func(tx standards.Tx) error {
		centres := []string{f.admin.CentreID, f.otherAd.CentreID, ""}
		if third, err := tx.CentreByNumber(ctx, "67890"); err == nil {
			centres = append(centres, third.ID)
		}
		for _, c := range centres {
			rs, err := tx.RegistrationsByCentre(ctx, c, year)
			require.NoError(t, err)
			s.regs = append(s.regs, rs...)
			// "" reads the platform-wide entries, such as a person recorded.
			a, err := tx.AuditByCentre(ctx, c, 0, 1000)
			require.NoError(t, err)
			s.audit = append(s.audit, a...)
		}
		var err error
		s.events, err = tx.PendingEvents(ctx, 0, 1000)
		require.NoError(t, err)
		s.trust, err = tx.CentresByTrust(ctx, f.trust.ID)
		require.NoError(t, err)
		s.hooks, err = tx.WebhookEndpoints(ctx)
		require.NoError(t, err)
		s.deliveries, err = tx.WebhookDeliveries(ctx, standards.WebhookDeliveryQuery{Limit: 1000})
		require.NoError(t, err)
		return nil
	}))
	return s
}
