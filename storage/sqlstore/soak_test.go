package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/eops/eops/internal/longtest"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
)

// The concurrency soak (issue 9): soakWorkers goroutines run a mix of the
// commands of a year on shared centres for soakTime, on every backend. At
// the end, with no errors but the expected ones:
//
//   - every record has at most one certificate, and every successful claim
//     made one;
//   - the audit trail has exactly one entry of each command's own action per
//     successful command (and, for a meeting, one per target it updated):
//     nothing for a command that failed, nothing twice;
//   - no row refers to a missing row;
//   - no centre ever has zero admins, though at two centres the two admins
//     keep revoking each other's rights at the same instant;
//   - the national figures kept as tallies equal the figures counted afresh.
//
// The expected errors are ErrConflict or ErrTransient (two commands clashed, or a command
// found its work done by another: a registration already decided, a target
// already agreed; or, in a long run, a record is full, and no record may
// then hold more than standards' limits allow), a claim's ErrNotEligible saying only that the record has
// its certificate already (another claim came first), and, between the two
// admins revoking each other, ErrForbidden (the right was revoked a moment
// before). EOPS_LONG=1 runs it for two minutes a backend.
const soakWorkers = 64

var soakTime = longtest.Pick(3*time.Second, 2*time.Minute)

const duelCentres = 2

// soakSpec is the soak's world: centres 0 and 1 are where the admins
// revoke each other; the others are where the year's work goes on: four,
// so that commands often meet on one record, or forty in the long run, so
// that the records do not all reach their limits in its first minute.
var soakSpec = dataset.Spec{Centres: duelCentres + longtest.Pick(4, 40), Year: 2025, Now: time.Date(2025, time.November, 20, 12, 0, 0, 0, time.UTC)}

func TestSoak(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.open(t, "")
		w := newSoakWorld(t, s)
		w.run(t)
		w.check(t, s)
	})
}

// soakWorld is the shared state of one soak: the service, the centres'
// staff, and what the workers have done.
type soakWorld struct {
	svc      *standards.Service
	operator standards.Actor
	staff    []dataset.Staff

	mu sync.Mutex
	// proposed targets and pending registrations, by centre: picked at
	// random by many workers, so several may race for one.
	proposed, pending [][]string
	// cpd entries logged, by centre: taken by one worker each to delete.
	cpd [][]string

	// ok counts successful commands by the audit action they must leave;
	// failed counts the expected failures by command.
	ok, failed sync.Map // string → *atomic.Int64
	joins      atomic.Int64
	// successes and failures count commands; ok counts audit entries.
	successes, failures atomic.Int64
	auditStart          map[string]int64
	certsStart          int64
}

func newSoakWorld(t *testing.T, s *sqlstore.Store) *soakWorld {
	t.Helper()
	ctx := t.Context()
	require.NoError(t, dataset.Load(ctx, s, soakSpec, nil))
	w := &soakWorld{
		svc:      standards.New(s, standards.WithClock(func() time.Time { return soakSpec.Now })),
		operator: soakSpec.Subjects().Operator,
		proposed: make([][]string, soakSpec.Centres),
		pending:  make([][]string, soakSpec.Centres),
		cpd:      make([][]string, soakSpec.Centres),
	}
	for c := range soakSpec.Centres {
		st := soakSpec.Staff(c)
		w.staff = append(w.staff, st)
		w.pending[c] = []string{st.PendingRegistrationID}
	}
	// At the duel centres the line manager is an admin too.
	for c := range duelCentres {
		_, err := w.svc.GrantAdmin(ctx, w.staff[c].Head, w.staff[c].LineManagerRegistrationID)
		require.NoError(t, err)
	}
	// Count the year's figures once, so that from now on they are kept as
	// tallies that the workers' commands change concurrently.
	_, err := w.svc.NationalFigures(ctx, w.operator, soakSpec.Year)
	require.NoError(t, err)
	w.auditStart = auditCounts(t, s)
	w.certsStart = countRows(t, s, "certificates")
	return w
}

func (w *soakWorld) counter(m *sync.Map, key string) *atomic.Int64 {
	c, _ := m.LoadOrStore(key, new(atomic.Int64))
	return c.(*atomic.Int64)
}

// done records a command's outcome. A nil error counts once for each audit
// action given; an expected error counts as a failure of op; anything else
// fails the test.
func (w *soakWorld) done(t *testing.T, op string, err error, expected func(error) bool, actions ...string) bool {
	if err == nil {
		w.successes.Add(1)
		for _, a := range actions {
			w.counter(&w.ok, a).Add(1)
		}
		return true
	}
	if expected(err) {
		w.failures.Add(1)
		if errors.Is(err, standards.ErrConflict) && strings.Contains(err.Error(), " at most ") {
			op += " (full)" // a record reached one of its limits
		}
		w.counter(&w.failed, op).Add(1)
		return false
	}
	t.Errorf("%s: unexpected error: %v", op, err)
	return false
}

// conflictOnly: a clash with another command on the same thing, as a
// domain conflict or, where the database refused the transaction on every
// one of the Service's tries, as ErrTransient. The soak puts 64 goroutines
// on a few records, so they really do change the same things at once.
func conflictOnly(err error) bool {
	return errors.Is(err, standards.ErrConflict) || errors.Is(err, standards.ErrTransient)
}

// claimedFirst is the error of a claim that another claim beat: a clash,
// or, when it began after the other committed, the one unmet condition
// that the record has its certificate already.
func claimedFirst(err error) bool {
	var ne *standards.NotEligibleError
	if errors.As(err, &ne) {
		return len(ne.Unmet) == 1 && ne.Unmet[0].Code == standards.UnmetCertified
	}
	return conflictOnly(err)
}

// lostTheDuel is the error of an admin whose own right the other admin
// revoked first: a clash, or, when it began after the other committed,
// ErrForbidden.
func lostTheDuel(err error) bool {
	return conflictOnly(err) || errors.Is(err, standards.ErrForbidden)
}

// run starts the workers and the duels and waits for them.
func (w *soakWorld) run(t *testing.T) {
	ctx := t.Context()
	deadline := time.Now().Add(soakTime)
	var wg sync.WaitGroup
	for c := range duelCentres {
		wg.Go(func() { w.duel(t, ctx, c, deadline) })
	}
	for i := range soakWorkers - duelCentres*2 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 9))
			for n := 0; time.Now().Before(deadline) && !t.Failed(); n++ {
				c := duelCentres + rng.IntN(soakSpec.Centres-duelCentres)
				w.step(t, ctx, rng, c, fmt.Sprintf("w%d-%d", i, n))
			}
		})
	}
	wg.Wait()
}

// step runs one command, picked at random, at work centre c.
func (w *soakWorld) step(t *testing.T, ctx context.Context, rng *rand.Rand, c int, tag string) {
	st := w.staff[c]
	now := soakSpec.Now
	switch rng.IntN(11) {
	case 0:
		updates := []standards.TargetUpdate{
			{TargetID: st.TargetIDs[rng.IntN(3)], Rating: standards.RatingAmber, Comment: "steady"},
			{TargetID: st.TargetIDs[3+rng.IntN(3)], Rating: standards.RatingGreen, Comment: "on track"},
		}
		_, err := w.svc.RecordMeeting(ctx, st.Head, st.RecordID, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: now, Attendees: []string{st.ExamsOfficerRegistrationID, st.HeadRegistrationID},
			Notes: "Progress " + tag, Updates: updates,
		})
		w.done(t, "meeting", err, conflictOnly, "meeting.record", "target.update", "target.update")
	case 1:
		e, err := w.svc.LogCPD(ctx, st.ExamsOfficer, st.RecordID, standards.CPDInput{
			Kind: standards.CPDKinds()[0], Title: "Course " + tag, Date: now.AddDate(0, 0, -1), Hours: 1.5, Provider: "NAEO",
		})
		if w.done(t, "cpd", err, conflictOnly, "cpd.log") {
			w.mu.Lock()
			w.cpd[c] = append(w.cpd[c], e.ID)
			w.mu.Unlock()
		}
	case 2:
		w.mu.Lock()
		var id string
		if n := len(w.cpd[c]); n > 0 {
			id, w.cpd[c] = w.cpd[c][n-1], w.cpd[c][:n-1]
		}
		w.mu.Unlock()
		if id != "" {
			w.done(t, "cpd-delete", w.svc.DeleteCPD(ctx, st.ExamsOfficer, id), conflictOnly, "cpd.delete")
		}
	case 3:
		_, err := w.svc.AddPrivateNote(ctx, st.Head, st.RecordID, "Note "+tag)
		w.done(t, "note", err, conflictOnly, "note.add")
	case 4:
		tg, _, err := w.svc.ProposeTarget(ctx, st.ExamsOfficer, st.RecordID, standards.TargetInput{
			Area: standards.AreaKnowledge, Title: "Target " + tag, Description: "Learn it", SuccessMeasure: "Done", Due: now.AddDate(0, 3, 0),
		})
		if w.done(t, "propose", err, conflictOnly, "target.propose") {
			w.mu.Lock()
			w.proposed[c] = append(w.proposed[c], tg.ID)
			w.mu.Unlock()
		}
	case 5:
		if id := w.pick(rng, w.proposed, c); id != "" {
			_, err := w.svc.AgreeTarget(ctx, st.Head, id)
			w.done(t, "agree", err, conflictOnly, "target.update")
		}
	case 6:
		_, err := w.svc.UpdateTarget(ctx, st.Head, st.TargetIDs[rng.IntN(len(st.TargetIDs))],
			standards.TargetProgress{Rating: standards.RatingGreen, Comment: "good " + tag})
		w.done(t, "update", err, conflictOnly, "target.update")
	case 7:
		n := w.joins.Add(1)
		r, err := w.svc.RequestToJoin(ctx, standards.Actor{Email: fmt.Sprintf("joiner%d@soak.example", n)}, standards.JoinRequest{
			Year: soakSpec.Year, CentreNumber: st.CentreNumber, FullName: "Joiner " + tag, Roles: standards.Roles{standards.RoleEO},
		})
		if w.done(t, "join", err, conflictOnly, "person.create", "registration.request") {
			w.mu.Lock()
			w.pending[c] = append(w.pending[c], r.ID)
			w.mu.Unlock()
		}
	case 8:
		if id := w.pick(rng, w.pending, c); id != "" {
			if rng.IntN(3) == 0 {
				_, err := w.svc.RejectRegistration(ctx, st.Head, id, "not our staff")
				w.done(t, "reject", err, conflictOnly, "registration.reject")
			} else {
				// Approving an exams officer opens their record too.
				_, err := w.svc.ApproveRegistration(ctx, st.Head, id)
				w.done(t, "approve", err, conflictOnly, "registration.approve", "record.open")
			}
		}
	case 9:
		if c%2 == 0 { // the even centres' second records are ready to claim
			_, err := w.svc.Claim(ctx, st.LineManager, st.SecondRecordID, standards.Confirmations{Knowledge: true, Skills: true, Values: true})
			w.done(t, "claim", err, claimedFirst, "certificate.issue")
		}
	case 10:
		// Reads go on beside the writes and never fail.
		_, err := w.svc.Tracker(ctx, st.Head, st.RecordID)
		require.NoError(t, err)
		_, err = w.svc.CentreDashboard(ctx, st.Head, st.CentreID, soakSpec.Year)
		require.NoError(t, err)
	}
}

// pick returns one of the ids of centre c at random, or "".
func (w *soakWorld) pick(rng *rand.Rand, ids [][]string, c int) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(ids[c]) == 0 {
		return ""
	}
	return ids[c][rng.IntN(len(ids[c]))]
}

// duel has the two admins of centre c revoke each other's admin right at
// the same instant, again and again. At most one may win; whoever is left
// an admin then gives the other the right back. After every round the
// centre still has an admin.
func (w *soakWorld) duel(t *testing.T, ctx context.Context, c int, deadline time.Time) {
	st := w.staff[c]
	sides := [2]struct {
		actor standards.Actor
		other string // the other admin's registration
	}{
		{actor: st.Head, other: st.LineManagerRegistrationID},
		{actor: st.LineManager, other: st.HeadRegistrationID},
	}
	for time.Now().Before(deadline) && !t.Failed() {
		start := make(chan struct{})
		var results [2]error
		var wg sync.WaitGroup
		for i := range sides {
			wg.Go(func() {
				<-start
				_, results[i] = w.svc.RevokeAdmin(ctx, sides[i].actor, sides[i].other)
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range results {
			if w.done(t, "revoke", err, lostTheDuel, "admin.revoke") {
				if won >= 0 {
					t.Errorf("centre %d: both admins revoked each other's right", c)
				}
				won = i
			}
		}
		admins := w.admins(t, ctx, c)
		if !assert.NotZero(t, admins, "centre %d has no admin after a duel", c) {
			return
		}
		if won >= 0 {
			// The admin left gives the right back, trying again after a
			// clash: PostgreSQL's serializable isolation may refuse a
			// transaction for another's reads nearby (on the same index
			// page), as a host retrying a refused call would.
			for !t.Failed() && !w.done(t, "grant", w.grantAdmin(ctx, sides[won].actor, sides[won].other), conflictOnly, "admin.grant") {
			}
		}
	}
}

func (w *soakWorld) grantAdmin(ctx context.Context, actor standards.Actor, registrationID string) error {
	_, err := w.svc.GrantAdmin(ctx, actor, registrationID)
	return err
}

// admins counts the approved admins of centre c this year.
func (w *soakWorld) admins(t *testing.T, ctx context.Context, c int) int {
	return approvedAdmins(t, ctx, w.svc, w.staff[c].CentreID, soakSpec.Year)
}

// approvedAdmins counts a centre's approved admins in a year, as the
// operator sees them.
func approvedAdmins(t *testing.T, ctx context.Context, svc *standards.Service, centreID string, year standards.AcademicYear) int {
	t.Helper()
	operator := standards.Actor{Email: "ops@naeo.example", Operator: true}
	roster, err := svc.Roster(ctx, operator, centreID, year)
	require.NoError(t, err)
	n := 0
	for _, m := range roster.Members {
		if m.Registration.Approved() && m.Registration.Admin {
			n++
		}
	}
	return n
}

// check tests the soak's invariants and logs its figures.
func (w *soakWorld) check(t *testing.T, s *sqlstore.Store) {
	ctx := t.Context()
	var figures []string
	w.failed.Range(func(k, v any) bool {
		figures = append(figures, fmt.Sprintf("%s failed %d", k, v.(*atomic.Int64).Load()))
		return true
	})

	// Exactly one audit entry of each action per success.
	after := auditCounts(t, s)
	var total int64
	w.ok.Range(func(k, v any) bool {
		action, n := k.(string), v.(*atomic.Int64).Load()
		total += n
		assert.Equal(t, n, after[action]-w.auditStart[action], "audit entries of %s", action)
		figures = append(figures, fmt.Sprintf("%s %d", action, n))
		return true
	})
	for action, n := range after {
		if _, ok := w.ok.Load(action); !ok {
			assert.Equal(t, w.auditStart[action], n, "audit entries of %s, which no successful command makes", action)
		}
	}

	// At most one certificate a record, and one for each claim.
	claims := int64(0)
	if c, ok := w.ok.Load("certificate.issue"); ok {
		claims = c.(*atomic.Int64).Load()
	}
	assert.Equal(t, w.certsStart+claims, countRows(t, s, "certificates"))
	var twice int
	require.NoError(t, s.DB().NewRaw(`SELECT count(*) FROM (SELECT record_id FROM certificates
		WHERE record_id IS NOT NULL AND record_id <> '' GROUP BY record_id HAVING count(*) > 1) AS twice`).Scan(ctx, &twice))
	assert.Zero(t, twice, "records with two certificates")

	// No row refers to a missing one.
	assert.Empty(t, danglingReferences(t, s), "rows referring to missing rows")

	// No record holds more than its limits, though many commands raced to
	// add to it.
	for table, max := range map[string]int{
		"targets": standards.MaxTargetsPerRecord, "meetings": standards.MaxMeetingsPerRecord,
		"cpd_entries": standards.MaxCPDPerRecord, "private_notes": standards.MaxNotesPerRecord,
	} {
		var most int
		require.NoError(t, s.DB().NewRaw(`SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ? GROUP BY record_id) AS per_record`,
			bun.Ident(table)).Scan(ctx, &most))
		assert.LessOrEqual(t, most, max, "%s of one record", table)
	}

	// Every centre has an admin.
	for c := range w.staff {
		assert.NotZero(t, w.admins(t, ctx, c), "admins of centre %d", c)
	}

	// The kept national figures equal those counted from the rows.
	kept, err := w.svc.NationalFigures(ctx, w.operator, soakSpec.Year)
	require.NoError(t, err)
	require.NoError(t, s.Update(ctx, func(tx standards.Tx) error { return tx.ReplaceTallies(ctx, soakSpec.Year, nil) }))
	counted, err := w.svc.NationalFigures(ctx, w.operator, soakSpec.Year)
	require.NoError(t, err)
	assert.Equal(t, counted, kept, "national figures kept under concurrency")

	sort.Strings(figures)
	t.Logf("soak of %s, %d goroutines: %d commands, %d succeeded, %d refused as expected; %d audit entries: %s",
		soakTime, soakWorkers, w.successes.Load()+w.failures.Load(), w.successes.Load(), w.failures.Load(), total, strings.Join(figures, ", "))
}

// auditCounts counts the audit entries of each action.
func auditCounts(t *testing.T, s *sqlstore.Store) map[string]int64 {
	t.Helper()
	var rows []struct {
		Action string `bun:"action"`
		N      int64  `bun:"n"`
	}
	require.NoError(t, s.DB().NewSelect().TableExpr("audit_entries").ColumnExpr("action, count(*) AS n").
		Group("action").Scan(t.Context(), &rows))
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Action] = r.N
	}
	return out
}

func countRows(t *testing.T, s *sqlstore.Store, table string) int64 {
	t.Helper()
	var n int64
	require.NoError(t, s.DB().NewSelect().TableExpr(table).ColumnExpr("count(*)").Scan(t.Context(), &n))
	return n
}
