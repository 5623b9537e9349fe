package standards_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// recorder is an Observer that keeps every report, in the order the calls
// ended.
type recorder struct {
	mu      sync.Mutex
	reports []report
}

type report struct {
	op      string
	outcome standards.Outcome
}

type observedOp struct{}

func (r *recorder) Start(ctx context.Context, op string) (context.Context, func(standards.Outcome)) {
	return context.WithValue(ctx, observedOp{}, op), func(o standards.Outcome) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.reports = append(r.reports, report{op, o})
	}
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = nil
}

// of returns the reports of op.
func (r *recorder) of(op string) []standards.Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []standards.Outcome
	for _, rep := range r.reports {
		if rep.op == op {
			out = append(out, rep.outcome)
		}
	}
	return out
}

// ctxStore notes the operation the observer put in the context of each
// transaction the store is asked for: the store runs in the context Start
// returns, so a tracer's SQL spans nest under the command's.
type ctxStore struct {
	standards.Store
	mu  sync.Mutex
	ops []any
}

func (s *ctxStore) note(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops = append(s.ops, ctx.Value(observedOp{}))
}

func (s *ctxStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	s.note(ctx)
	return s.Store.Update(ctx, fn)
}

func (s *ctxStore) View(ctx context.Context, fn func(standards.Tx) error) error {
	s.note(ctx)
	return s.Store.View(ctx, fn)
}

// observed replaces the fixture's Service by one that reports to a new
// recorder, over a store that notes the contexts it is given.
func observed(f *fixture) (*recorder, *ctxStore) {
	rec := &recorder{}
	store := &ctxStore{Store: f.store}
	f.svc = standards.New(store, standards.WithClock(f.clock.now), standards.WithObserver(rec))
	return rec, store
}

// wantKind is the outcome an authorisation matrix letter stands for.
var wantKind = map[string]string{"A": "ok", "F": "forbidden", "N": "not_found", "U": "unauthenticated"}

// TestObserverSeesEveryMethod runs every row of the authorisation matrix
// (every Service method that takes an Actor) once, as an actor it allows
// if there is one, and each host call once, and checks the observer hears
// of the method once, with the outcome the call returned, and that the
// store ran in the context the observer gave.
func TestObserverSeesEveryMethod(t *testing.T) {
	t.Parallel()
	for _, row := range authzRows {
		t.Run(row.method, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			rec, store := observed(f)
			if row.prepare != nil {
				row.prepare(t, f)
			}
			letters := fieldsOf(row.want)
			col := 0
			for i, l := range letters {
				if l == "A" {
					col = i
					break
				}
			}
			rec.reset()
			err := row.call(t.Context(), f, actors[columns[col]], columns[col])
			got := rec.of(row.method)
			require.Len(t, got, 1, "Service.%s is reported once per call", row.method)
			assert.Equal(t, wantKind[letters[col]], got[0].Kind)
			assert.Equal(t, err, got[0].Err, "the report carries the error the call returned")
			assert.Positive(t, got[0].Duration)
			assert.Zero(t, got[0].Retries)
			last := rec.reports[len(rec.reports)-1]
			assert.Equal(t, row.method, last.op, "the method's report ends after those of the calls that set it up")
			for _, op := range store.ops {
				assert.NotNil(t, op, "every transaction runs in the observer's context")
			}
		})
	}
}

// hostCallsObserved are the calls of the host's own, with no actor, that
// TestObserverSeesEveryMethod makes, and the outcome each gives.
var hostCallsObserved = map[string]struct {
	kind string
	call func(ctx context.Context, f *fixture) error
}{
	"PendingEvents": {"ok", func(ctx context.Context, f *fixture) error { return ignore(f.svc.PendingEvents(ctx, 0, 10)) }},
	"ClaimEvents":   {"ok", func(ctx context.Context, f *fixture) error { return ignore(f.svc.ClaimEvents(ctx, "mailer", 60e9, 10)) }},
	"AckEvents":     {"ok", func(ctx context.Context, f *fixture) error { return f.svc.AckEvents(ctx, 1) }},
	"ReleaseEvents": {"ok", func(ctx context.Context, f *fixture) error { return ignore(f.svc.ReleaseEvents(ctx, "mailer")) }},
	"CurrentStatement": {"ok", func(ctx context.Context, f *fixture) error {
		return ignore(f.svc.CurrentStatement(ctx, year))
	}},
	"Verify": {"not_found", func(ctx context.Context, f *fixture) error {
		return ignore(f.svc.Verify(ctx, "0000-0000-0000-0000-0000"))
	}},
	"RemindersDue": {"ok", func(ctx context.Context, f *fixture) error { return ignore(f.svc.RemindersDue(ctx, f.clock.t)) }},
	"HostKeyFor": {"unauthenticated", func(ctx context.Context, f *fixture) error {
		return ignore(f.svc.HostKeyFor(ctx, "eops_hk_nobody"))
	}},
	"ClaimWebhooks": {"ok", func(ctx context.Context, f *fixture) error {
		return ignore(f.svc.ClaimWebhooks(ctx, "hooks", 60e9, 10))
	}},
	"FinishWebhook": {"ok", func(ctx context.Context, f *fixture) error {
		return f.svc.FinishWebhook(ctx, "hooks", standards.WebhookAttempt{DeliveryID: 1, Attempt: 1, Outcome: standards.WebhookOK})
	}},
	"ReleaseWebhooks": {"ok", func(ctx context.Context, f *fixture) error { return ignore(f.svc.ReleaseWebhooks(ctx, "hooks")) }},
	"Changes": {"ok", func(ctx context.Context, f *fixture) error {
		_, _, err := f.svc.Changes(ctx)
		return err
	}},
}

// notObserved are the Service's methods that take no context: they read
// no store and return at once.
var notObserved = map[string]bool{"Catalogue": true, "ClaimGrace": true}

func TestObserverSeesEveryHostCall(t *testing.T) {
	t.Parallel()
	for name, hc := range hostCallsObserved {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			rec, _ := observed(f)
			err := hc.call(t.Context(), f)
			got := rec.of(name)
			require.Len(t, got, 1)
			assert.Equal(t, hc.kind, got[0].Kind)
			assert.Equal(t, err, got[0].Err)
		})
	}
}

// TestObserverCoversEveryMethod fails when the Service gains a method that
// no observer test calls: every method with a context is either a row of
// the authorisation matrix or a host call above.
func TestObserverCoversEveryMethod(t *testing.T) {
	t.Parallel()
	rows := map[string]bool{}
	for _, r := range authzRows {
		rows[r.method] = true
	}
	ctxType := reflect.TypeFor[context.Context]()
	svc := reflect.TypeFor[*standards.Service]()
	for i := range svc.NumMethod() {
		m := svc.Method(i)
		takesCtx := m.Type.NumIn() > 1 && m.Type.In(1) == ctxType
		_, host := hostCallsObserved[m.Name]
		switch {
		case notObserved[m.Name]:
			assert.False(t, takesCtx, "Service.%s takes a context now: observe it and test it", m.Name)
		case !takesCtx:
			t.Errorf("Service.%s takes no context: say in notObserved why it is not reported", m.Name)
		case !rows[m.Name] && !host:
			t.Errorf("Service.%s is not called by TestObserverSeesEveryMethod: add it to hostCallsObserved", m.Name)
		}
	}
}

// TestObserverCountsRetries runs ApplyTemplate over a store that refuses
// its transaction as ErrTransient, as TestTransientFailuresAreTriedAgain
// does, and checks what the observer hears.
func TestObserverCountsRetries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		fail     func(int) error
		kind     string
		retries  int
		failed   bool
		wantRuns int
	}{
		{"OK", failing(2, errSerialization), "ok", 2, false, 3},
		{"ErrTransientWhenTriesAreSpent", failing(1000, errSerialization), "transient", 11, true, 12},
		{"ErrConflictIsNotTriedAgain", failing(1, fmt.Errorf("%w: the record changed", standards.ErrConflict)), "conflict", 0, false, 1},
		{"ErrUnavailable", failing(1, fmt.Errorf("%w: connection refused", standards.ErrUnavailable)), "unavailable", 0, true, 1},
		{"Internal", failing(1, fmt.Errorf("disk on fire")), "internal", 0, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			recordID := f.rec(t.Context())
			rec := &recorder{}
			flaky := &flakyStore{Store: f.store, fail: tc.fail}
			svc := standards.New(flaky, standards.WithClock(f.clock.now), standards.WithObserver(rec))
			_, _, err := svc.ApplyTemplate(t.Context(), slActor, recordID, "new-eo")
			require.Equal(t, tc.wantRuns, flaky.updates)
			got := rec.of("ApplyTemplate")
			require.Len(t, got, 1)
			assert.Equal(t, tc.kind, got[0].Kind)
			assert.Equal(t, tc.retries, got[0].Retries)
			assert.Equal(t, tc.failed, got[0].Failed(), "the system's fault, not the person's")
			assert.Equal(t, err, got[0].Err)
		})
	}
}

// TestObserverHearsOfRefusalsBeforeTheStore: a call refused before it
// reaches the store (no actor, input that fails validation) is reported
// too, with its kind.
func TestObserverHearsOfRefusalsBeforeTheStore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec, store := observed(f)
	recordID := f.rec(t.Context())
	store.ops = nil

	_, _, err := f.svc.ProposeTarget(t.Context(), eoActor, recordID, standards.TargetInput{})
	require.Error(t, err)
	_, err = f.svc.Tracker(t.Context(), nobody, recordID)
	require.ErrorIs(t, err, standards.ErrUnauthenticated)

	proposed, tracked := rec.of("ProposeTarget"), rec.of("Tracker")
	require.Len(t, proposed, 1)
	require.Len(t, tracked, 1)
	assert.Equal(t, "invalid", proposed[0].Kind)
	assert.Equal(t, "unauthenticated", tracked[0].Kind)
	assert.False(t, proposed[0].Failed())
	assert.False(t, tracked[0].Failed())
}

// TestObserverBulkCallReportsEachRow: DecideRegistrations reports itself
// once and each row's ApproveRegistration under it.
func TestObserverBulkCallReportsEachRow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec, _ := observed(f)
	out, err := f.svc.DecideRegistrations(t.Context(), adminActor, []standards.Decision{
		{RegistrationID: f.pending.ID, Approve: true},
		{RegistrationID: "zz00000000000000000000zzzz", Approve: true},
	})
	require.NoError(t, err)
	require.Len(t, out, 2)
	require.Len(t, rec.of("DecideRegistrations"), 1)
	rows := rec.of("ApproveRegistration")
	require.Len(t, rows, 2)
	assert.Equal(t, "ok", rows[0].Kind)
	assert.Equal(t, "not_found", rows[1].Kind)
	assert.Equal(t, "DecideRegistrations", rec.reports[len(rec.reports)-1].op, "the bulk call ends last")
}

// fieldsOf splits an authorisation matrix row into its letters.
func fieldsOf(s string) []string {
	var out []string
	for _, r := range s {
		if r != ' ' {
			out = append(out, string(r))
		}
	}
	return out
}

// TestObserverCancelledIsNoFault: a call whose caller went away is
// canceled, not the system's fault, so that a closed page wakes nobody.
func TestObserverCancelledIsNoFault(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec, _ := observed(f)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := f.svc.MyRegistrations(ctx, eoActor)
	require.ErrorIs(t, err, context.Canceled)
	got := rec.of("MyRegistrations")
	require.Len(t, got, 1)
	assert.Equal(t, "canceled", got[0].Kind)
	assert.False(t, got[0].Failed())
}

// TestObserverBulkCallCountsItsRowsRetries: the second row's transaction
// is refused twice; the row reports 2 retries, and so does the bulk call.
func TestObserverBulkCallCountsItsRowsRetries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := &recorder{}
	flaky := &flakyStore{Store: f.store, fail: func(run int) error {
		if run == 2 || run == 3 {
			return errSerialization
		}
		return nil
	}}
	svc := standards.New(flaky, standards.WithClock(f.clock.now), standards.WithObserver(rec))
	_, err := svc.RegisterColleagues(t.Context(), adminActor, f.centre.ID, year, strings.NewReader(
		"kim@riverside.sch.uk,Kim Kaur,EO\nlou@riverside.sch.uk,Lou Lim,LM\nmo@riverside.sch.uk,Mo Moss,EO\n"))
	require.NoError(t, err)
	rows := rec.of("RegisterColleague")
	require.Len(t, rows, 3)
	assert.Equal(t, []int{0, 2, 0}, []int{rows[0].Retries, rows[1].Retries, rows[2].Retries})
	bulk := rec.of("RegisterColleagues")
	require.Len(t, bulk, 1)
	assert.Equal(t, 2, bulk[0].Retries)
	assert.Equal(t, "ok", bulk[0].Kind)
}
