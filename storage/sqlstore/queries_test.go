package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/mysql"
	"github.com/eops/eops/storage/sqlstore/postgres"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

// queryCounter is a bun query hook that counts statements.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	q.n.Add(1)
	return ctx
}

func (q *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

// count runs f and returns how many statements it issued.
func (q *queryCounter) count(f func()) int64 {
	before := q.n.Load()
	f()
	return q.n.Load() - before
}

// countedSQLite opens a new, migrated SQLite file the store prepares on,
// with a counter of the statements it sends.
func countedSQLite(t *testing.T) (*sqlstore.Store, *queryCounter) {
	t.Helper()
	counter := &queryCounter{}
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"), sqlstore.WithQueryHook(counter))
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	require.NoError(t, store.Migrate(context.Background()))
	return store.Store, counter
}

// TestPageReadsAreConstant checks, on each database, that the reads behind
// pages issue at most four statements each, BEGIN and COMMIT included (the
// goal of issue 20), and the same number however many people a centre has,
// and the trust dashboard and national figures however many centres: no
// query per row.
func TestPageReadsAreConstant(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		store, counter := countedSQLite(t)
		pageReadsAreConstant(t, store, counter)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		counter := &queryCounter{}
		store, err := postgres.New(dbtest.Postgres(t), sqlstore.WithQueryHook(counter))
		require.NoError(t, err)
		require.NoError(t, store.Migrate(t.Context()))
		pageReadsAreConstant(t, store, counter)
	})
	t.Run("mysql", func(t *testing.T) {
		t.Parallel()
		counter := &queryCounter{}
		store, err := mysql.New(dbtest.MySQL(t), sqlstore.WithQueryHook(counter))
		require.NoError(t, err)
		require.NoError(t, store.Migrate(t.Context()))
		pageReadsAreConstant(t, store, counter)
	})
}

func pageReadsAreConstant(t *testing.T, store *sqlstore.Store, counter *queryCounter) {
	ctx := context.Background()
	day := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
	svc := standards.New(store, standards.WithClock(func() time.Time { return day }))

	head := standards.Actor{Email: "head@riverside.sch.uk"}
	ops := standards.Actor{Email: "ops@naeo.org.uk", Operator: true}
	lead := standards.Actor{Email: "lead@trust.org.uk"}
	headReg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
		Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: "Head", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	trust, err := svc.CreateTrust(ctx, ops, "Valley Trust")
	require.NoError(t, err)
	_, err = svc.AppointTrustLead(ctx, ops, trust.ID, lead.Email, "Lead")
	require.NoError(t, err)
	req, err := svc.AskToJoinTrust(ctx, head, trust.ID, headReg.CentreID)
	require.NoError(t, err)
	_, err = svc.AcceptTrustRequest(ctx, lead, req.ID)
	require.NoError(t, err)

	// addExamsOfficers registers n exams officers, each overseen, with two
	// targets and a meeting.
	added := 0
	addExamsOfficers := func(n int) {
		for range n {
			added++
			eo := standards.Actor{Email: fmt.Sprintf("eo%d@riverside.sch.uk", added)}
			reg, err := svc.RegisterColleague(ctx, head, standards.Colleague{
				CentreID: headReg.CentreID, Year: 2025, Email: eo.Email, FullName: "EO", Roles: standards.Roles{standards.RoleEO},
			})
			require.NoError(t, err)
			_, err = svc.AssignOverseer(ctx, head, standards.Overseeing{ExamsOfficer: reg.ID, Overseer: headReg.ID})
			require.NoError(t, err)
			mine, err := svc.MyRegistrations(ctx, eo)
			require.NoError(t, err)
			rec := mine[0].RecordID
			_, _, err = svc.ApplyTemplate(ctx, head, rec, "experienced-eo")
			require.NoError(t, err)
			_, err = svc.RecordMeeting(ctx, head, rec, standards.MeetingInput{Kind: standards.MeetingProgressReview, Date: day, Attendees: []string{reg.ID, headReg.ID}})
			require.NoError(t, err)
		}
	}
	firstRecord := func() string {
		mine, err := svc.MyRegistrations(ctx, standards.Actor{Email: "eo1@riverside.sch.uk"})
		require.NoError(t, err)
		return mine[0].RecordID
	}
	addExamsOfficers(2)
	record := firstRecord()
	me, err := svc.Me(ctx, head)
	require.NoError(t, err)
	headPerson := me.ID
	// The first exams officer takes up their registration, by acting on
	// their record, so that the admin may see their history (R-REG-13).
	eo1 := standards.Actor{Email: "eo1@riverside.sch.uk"}
	_, _, err = svc.ProposeTarget(ctx, eo1, record, standards.TargetInput{Area: standards.AreaKnowledge, Title: "Taken up"})
	require.NoError(t, err)
	mine, err := svc.MyRegistrations(ctx, eo1)
	require.NoError(t, err)
	eoPerson := mine[0].Registration.PersonID
	reads := map[string]func(){
		"tracker": func() { _, err := svc.Tracker(ctx, head, record); require.NoError(t, err) },
		"flags":   func() { _, err := svc.RecordFlags(ctx, head, record); require.NoError(t, err) },
		"mine":    func() { _, err := svc.MyRegistrations(ctx, head); require.NoError(t, err) },
		"history": func() { _, err := svc.CertificationHistory(ctx, head, headPerson); require.NoError(t, err) },
		"admin's history of an exams officer": func() {
			_, err := svc.CertificationHistory(ctx, head, eoPerson)
			require.NoError(t, err)
		},
		"member": func() { _, err := svc.Member(ctx, head, headReg.ID); require.NoError(t, err) },
		"audit":  func() { _, err := svc.AuditTrail(ctx, head, headReg.CentreID, 0, 20); require.NoError(t, err) },
		"eligibility": func() {
			_, err := svc.ClaimEligibility(ctx, head, record, standards.Confirmations{})
			require.NoError(t, err)
		},
		"roster": func() { _, err := svc.Roster(ctx, head, headReg.CentreID, 2025); require.NoError(t, err) },
		"trust":  func() { _, err := svc.Trust(ctx, lead, trust.ID); require.NoError(t, err) },
		"dashboard": func() {
			_, err := svc.CentreDashboard(ctx, head, headReg.CentreID, 2025)
			require.NoError(t, err)
		},
		// The trust's lead reads the centre's pages without being in them.
		"lead's flags": func() { _, err := svc.RecordFlags(ctx, lead, record); require.NoError(t, err) },
		"lead's dashboard": func() {
			_, err := svc.CentreDashboard(ctx, lead, headReg.CentreID, 2025)
			require.NoError(t, err)
		},
		"trust dashboard": func() {
			_, err := svc.TrustDashboard(ctx, lead, trust.ID, 2025)
			require.NoError(t, err)
		},
		"national figures": func() {
			_, err := svc.NationalFigures(ctx, ops, 2025)
			require.NoError(t, err)
		},
	}

	small := map[string]int64{}
	for name, read := range reads {
		read() // the first national figures of a year count and keep its tallies
		small[name] = counter.count(read)
		require.Positive(t, small[name], "%s: the hook counts statements", name)
		assert.LessOrEqual(t, small[name], int64(4), "%s: statements, BEGIN and COMMIT included", name)
	}
	if store.Dialect() != sqlstore.SQLite {
		// The pages that find their reader in their view read once, with
		// no transaction around it (ViewOneRead), where a statement is a
		// round trip.
		for _, name := range []string{"tracker", "flags", "eligibility", "dashboard", "lead's flags", "lead's dashboard",
			"history", "admin's history of an exams officer", "national figures"} {
			assert.Equal(t, int64(1), small[name], "%s: one statement on %s", name, store.Dialect())
		}
	}
	addExamsOfficers(20)
	// A second centre of the trust, with an exams officer of its own.
	hill := standards.Actor{Email: "head@hillside.ac.uk"}
	hillReg, err := svc.RegisterCentre(ctx, hill, standards.CentreRegistration{
		Year: 2025, CentreNumber: "23456", CentreName: "Hillside", FullName: "Hill", Roles: standards.Roles{standards.RoleSL},
	})
	require.NoError(t, err)
	req, err = svc.AskToJoinTrust(ctx, hill, trust.ID, hillReg.CentreID)
	require.NoError(t, err)
	_, err = svc.AcceptTrustRequest(ctx, lead, req.ID)
	require.NoError(t, err)
	_, err = svc.RegisterColleague(ctx, hill, standards.Colleague{
		CentreID: hillReg.CentreID, Year: 2025, Email: "eo@hillside.ac.uk", FullName: "EO", Roles: standards.Roles{standards.RoleEO},
	})
	require.NoError(t, err)
	for name, read := range reads {
		assert.Equal(t, small[name], counter.count(read), "%s: statements with 2 exams officers at one centre and with 23 at two", name)
	}
}

// viewHook counts the statements that read a view (views.go).
type viewHook struct{ n atomic.Int64 }

func (h *viewHook) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if strings.Contains(e.Query, " AS part") {
		h.n.Add(1)
	}
	return ctx
}

func (h *viewHook) AfterQuery(context.Context, *bun.QueryEvent) {}

// TestAHostsOwnHooksSeeTheViews: a store on the host's own *bun.DB writes
// the values of a view's statement into it and runs it through bun, so a
// hook the host added to its *bun.DB sees it, as it sees every other
// statement; postgres.New binds them instead, and its store's hooks see
// them.
func TestAHostsOwnHooksSeeTheViews(t *testing.T) {
	t.Parallel()
	for _, b := range []struct {
		name string
		db   func(t *testing.T) *bun.DB
	}{
		{"sqlite", func(t *testing.T) *bun.DB {
			db, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(t.TempDir(), "eops.db")))
			require.NoError(t, err)
			db.SetMaxOpenConns(1)
			t.Cleanup(func() { _ = db.Close() })
			return bun.NewDB(db, sqlitedialect.New())
		}},
		{"postgres", func(t *testing.T) *bun.DB { return bun.NewDB(dbtest.Postgres(t), pgdialect.New()) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			host := &viewHook{}
			db := b.db(t).WithQueryHook(host)
			store, err := sqlstore.New(db)
			require.NoError(t, err)
			require.NoError(t, store.Migrate(ctx))
			day := time.Date(2025, 9, 15, 9, 0, 0, 0, time.UTC)
			svc := standards.New(store, standards.WithClock(func() time.Time { return day }))
			head := standards.Actor{Email: "head@riverside.sch.uk"}
			headReg, err := svc.RegisterCentre(ctx, head, standards.CentreRegistration{
				Year: 2025, CentreNumber: "12345", CentreName: "Riverside", FullName: "Head", Roles: standards.Roles{standards.RoleSL},
			})
			require.NoError(t, err)
			before := host.n.Load()
			_, err = svc.Roster(ctx, head, headReg.CentreID, 2025)
			require.NoError(t, err)
			assert.Equal(t, int64(1), host.n.Load()-before, "the host's hook saw the roster's view")
		})
	}
}
