package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/internal/dbtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
)

// TestR_REG_4_AdminsRevokingEachOtherAtOnce is the write skew of R-REG-4,
// made to happen every time rather than by chance: a centre's two admins
// revoke each other's right, and both transactions finish reading (each
// sees two admins, so each may revoke one) before either writes.
//
// On PostgreSQL and MySQL at SERIALIZABLE, as Update runs, the database
// refuses one of them (ErrTransient); the Service runs it again, and the
// second run finds its actor no longer an admin (ErrForbidden), as on
// SQLite, so the centre keeps an admin. The same race at
// REPEATABLE READ commits both and leaves the centre with none: that is the
// proof that the isolation level is what keeps the rule. SQLite has one
// writer, so the second revoke starts after the first commits and finds
// its actor no longer an admin.
func TestR_REG_4_AdminsRevokingEachOtherAtOnce(t *testing.T) {
	t.Parallel()
	servers := []struct {
		backend
		db      func(testing.TB) *sql.DB
		dialect sqlstore.Dialect
	}{
		{backends[1], dbtest.Postgres, sqlstore.PostgreSQL},
		{backends[2], dbtest.MySQL, sqlstore.MySQL},
	}
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel()
			if os.Getenv(srv.env) == "" {
				t.Skipf("set %s to run the %s tests", srv.env, srv.name)
			}
			t.Run("serializable", func(t *testing.T) {
				s, err := newOnDialect(srv.db(t), srv.dialect)
				require.NoError(t, err)
				won, lost, admins := duelAtOnce(t, s)
				assert.Len(t, won, 1, "one revoke commits")
				require.Len(t, lost, 1)
				assert.ErrorIs(t, lost[0], standards.ErrForbidden, "run again, the loser finds its actor no longer an admin")
				assert.Equal(t, 1, admins)
			})
			t.Run("repeatable read breaks the rule", func(t *testing.T) {
				s, err := newOnDialect(srv.db(t), srv.dialect, sqlstore.WithUpdateIsolation(sql.LevelRepeatableRead))
				require.NoError(t, err)
				won, _, admins := duelAtOnce(t, s)
				assert.Len(t, won, 2, "both revokes commit")
				assert.Zero(t, admins, "the centre is left without an admin")
			})
		})
	}
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		s := openSQLite(t, "")
		w := newDuel(t, s)
		start := make(chan struct{})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() {
				<-start
				_, errs[i] = w.svc.RevokeAdmin(t.Context(), w.sides[i], w.regs[1-i])
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				assert.ErrorIs(t, err, standards.ErrForbidden, "the second finds its actor no longer an admin")
			}
		}
		assert.Equal(t, 1, ok)
		assert.Equal(t, 1, w.admins(t))
	})
}

// duel is a centre with two admins, on a store whose writes can be held
// until both duelling transactions have read.
type duel struct {
	svc   *standards.Service
	gate  *readersMeet
	sides [2]standards.Actor
	regs  [2]string
	st    dataset.Staff
}

func newDuel(t *testing.T, s *sqlstore.Store) *duel {
	t.Helper()
	require.NoError(t, s.Migrate(t.Context()))
	spec := dataset.Spec{Centres: 1, Year: 2025, Now: time.Date(2025, time.November, 20, 12, 0, 0, 0, time.UTC)}
	require.NoError(t, dataset.Load(t.Context(), s, spec, nil))
	gate := &readersMeet{arrived: make(chan struct{}, 2)}
	st := spec.Staff(0)
	d := &duel{
		svc:   standards.New(gatedStore{s, gate}, standards.WithClock(func() time.Time { return spec.Now })),
		gate:  gate,
		sides: [2]standards.Actor{st.Head, st.LineManager},
		regs:  [2]string{st.HeadRegistrationID, st.LineManagerRegistrationID},
		st:    st,
	}
	_, err := d.svc.GrantAdmin(t.Context(), st.Head, st.LineManagerRegistrationID)
	require.NoError(t, err)
	require.Equal(t, 2, d.admins(t))
	return d
}

// duelAtOnce has the two admins revoke each other with both transactions
// reading before either writes, and returns the revokes that committed,
// the errors of those that did not, and the admins left.
func duelAtOnce(t *testing.T, s *sqlstore.Store) (won []int, lost []error, admins int) {
	t.Helper()
	d := newDuel(t, s)
	d.gate.close(2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			_, errs[i] = d.svc.RevokeAdmin(t.Context(), d.sides[i], d.regs[1-i])
		})
	}
	wg.Wait()
	d.gate.close(0)
	for i, err := range errs {
		if err == nil {
			won = append(won, i)
		} else {
			lost = append(lost, err)
		}
	}
	return won, lost, d.admins(t)
}

func (d *duel) admins(t *testing.T) int {
	return approvedAdmins(t, t.Context(), d.svc, d.st.CentreID, 2025)
}

// readersMeet holds each transaction's first write until n transactions
// have come to theirs (or a few seconds have passed, so that a store which
// serialises writers cannot hang the test).
type readersMeet struct {
	mu      sync.Mutex
	n       int
	arrived chan struct{}
}

func (g *readersMeet) close(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n = n
	g.arrived = make(chan struct{})
}

func (g *readersMeet) wait() {
	g.mu.Lock()
	if g.n == 0 {
		g.mu.Unlock()
		return
	}
	g.n--
	if g.n == 0 {
		close(g.arrived)
	}
	arrived := g.arrived
	g.mu.Unlock()
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
	}
}

// gatedStore is a Store whose transactions wait at the gate before they
// change a registration.
type gatedStore struct {
	*sqlstore.Store
	gate *readersMeet
}

func (s gatedStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	return s.Store.Update(ctx, func(tx standards.Tx) error { return fn(gatedTx{tx, s.gate}) })
}

type gatedTx struct {
	standards.Tx
	gate *readersMeet
}

func (tx gatedTx) UpdateRegistration(ctx context.Context, r standards.Registration) error {
	tx.gate.wait()
	return tx.Tx.UpdateRegistration(ctx, r)
}

// TestWaitingListHoldsForRequestsAtOnce: RequestToJoin writes the request
// and then counts the centre's waiting list against
// MaxPendingPerCentreYear (docs/benchmarks.md). With one place left and
// eight new people asking at once through two Services, exactly one gets
// it: each of the others is refused by the cap, run again if the database
// refused it first, and the list ends full, never over.
func TestWaitingListHoldsForRequestsAtOnce(t *testing.T) {
	t.Parallel()
	for _, bk := range backends {
		t.Run(bk.name, func(t *testing.T) {
			t.Parallel()
			if bk.env != "" && os.Getenv(bk.env) == "" {
				t.Skipf("set %s to run the %s tests", bk.env, bk.name)
			}
			a, second, _ := contentionStores(t, bk)
			spec := dataset.Spec{Centres: 1, Year: 2025, Now: dataset.BenchmarkSpec(1).Now}
			require.NoError(t, dataset.Load(t.Context(), a, spec, nil))
			clock := standards.WithClock(func() time.Time { return spec.Now })
			svcs := [2]*standards.Service{standards.New(a, clock), standards.New(second, clock)}
			number := spec.Staff(0).CentreNumber
			ask := func(svc *standards.Service, who string) error {
				_, err := svc.RequestToJoin(t.Context(), standards.Actor{Email: who + "@waiting.example.org"}, standards.JoinRequest{
					Year: spec.Year, CentreNumber: number, FullName: "Waiting " + who, Roles: standards.Roles{standards.RoleEO},
				})
				return err
			}
			waiting := func() int {
				n, err := a.DB().NewSelect().TableExpr("registrations").
					Where("centre_id = ? AND year = ? AND status = 'pending'", spec.Staff(0).CentreID, int(spec.Year)).Count(t.Context())
				require.NoError(t, err)
				return int(n)
			}
			for i := waiting(); i < standards.MaxPendingPerCentreYear-1; i++ {
				require.NoError(t, ask(svcs[0], fmt.Sprintf("before%d", i)))
			}
			require.Equal(t, standards.MaxPendingPerCentreYear-1, waiting())

			const people = 8
			errs := make([]error, people)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range people {
				wg.Go(func() {
					<-start
					errs[i] = ask(svcs[i%2], fmt.Sprintf("atonce%d", i))
				})
			}
			close(start)
			wg.Wait()
			won := 0
			for _, err := range errs {
				if err == nil {
					won++
					continue
				}
				assert.ErrorIs(t, err, standards.ErrConflict, "refused by the cap")
			}
			assert.Equal(t, 1, won, "one place, one request")
			assert.Equal(t, standards.MaxPendingPerCentreYear, waiting())
		})
	}
}
