package otelobserver_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/extra/bunotel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/otelobserver"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

var (
	admin = standards.Actor{Email: "head@riverside.sch.uk"}
	// today is a day in the year the tests register for, whatever the
	// real date.
	today = time.Date(2025, time.October, 1, 12, 0, 0, 0, time.UTC)
	year  = standards.YearOf(today)
)

// newService is a Service on store that stands on today and reports to obs.
func newService(store standards.Store, obs standards.Observer) *standards.Service {
	return standards.New(store, standards.WithClock(func() time.Time { return today }), standards.WithObserver(obs))
}

// telemetry is an SDK that keeps what it is given, for a test to read.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	tel := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		_ = tel.tp.Shutdown(context.Background())
		_ = tel.mp.Shutdown(context.Background())
	})
	return tel
}

func (tel *telemetry) observer(t *testing.T) *otelobserver.Observer {
	t.Helper()
	o, err := otelobserver.New(otelobserver.WithTracerProvider(tel.tp), otelobserver.WithMeterProvider(tel.mp))
	require.NoError(t, err)
	return o
}

// span returns the one ended span named name.
func (tel *telemetry) span(t *testing.T, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range tel.spans.Ended() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "spans named %s", name)
	return found[0]
}

func attrs(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	out := map[attribute.Key]attribute.Value{}
	for _, kv := range kvs {
		out[kv.Key] = kv.Value
	}
	return out
}

// metric collects the metric named name.
func (tel *telemetry) metric(t *testing.T, name string) metricdata.Aggregation {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				return m.Data
			}
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

func set(kvs ...attribute.KeyValue) attribute.Set { return attribute.NewSet(kvs...) }

func register(ctx context.Context, svc *standards.Service) (standards.Registration, error) {
	return svc.RegisterCentre(ctx, admin, standards.CentreRegistration{
		Year: year, CentreNumber: "12345", CentreName: "Riverside Academy", FullName: "Ada Admin",
		Roles: standards.Roles{standards.RoleSL},
	})
}

func TestSpansAndMetricsOfCalls(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	svc := newService(memory.New(), tel.observer(t))
	ctx := t.Context()

	_, err := register(ctx, svc)
	require.NoError(t, err)
	_, err = register(ctx, svc)
	require.ErrorIs(t, err, standards.ErrConflict, "the centre is registered for the year already")
	_, err = svc.Roster(ctx, admin, "zz00000000000000000000zzzz", year)
	require.ErrorIs(t, err, standards.ErrNotFound)

	t.Run("Spans", func(t *testing.T) {
		spans := tel.spans.Ended()
		require.Len(t, spans, 3)
		ok, conflict := spans[0], spans[1]
		assert.Equal(t, "eops.RegisterCentre", ok.Name())
		assert.Equal(t, map[attribute.Key]attribute.Value{
			otelobserver.OperationKey: attribute.StringValue("RegisterCentre"),
			otelobserver.OutcomeKey:   attribute.StringValue("ok"),
			otelobserver.RetriesKey:   attribute.IntValue(0),
		}, attrs(ok.Attributes()))
		assert.Equal(t, codes.Unset, ok.Status().Code)
		assert.Equal(t, "conflict", attrs(conflict.Attributes())[otelobserver.OutcomeKey].AsString())
		assert.Equal(t, codes.Unset, conflict.Status().Code, "a refusal the rules made is no error of the system")
		assert.Empty(t, conflict.Events(), "nor is it recorded as one")
		assert.Equal(t, "not_found", attrs(tel.span(t, "eops.Roster").Attributes())[otelobserver.OutcomeKey].AsString())
	})

	t.Run("Metrics", func(t *testing.T) {
		calls, ok := tel.metric(t, "eops.calls").(metricdata.Sum[int64])
		require.True(t, ok)
		assert.True(t, calls.IsMonotonic)
		counts := map[attribute.Set]int64{}
		for _, dp := range calls.DataPoints {
			counts[dp.Attributes] = dp.Value
		}
		reg := otelobserver.OperationKey.String("RegisterCentre")
		assert.Equal(t, map[attribute.Set]int64{
			set(reg, otelobserver.OutcomeKey.String("ok")):                                               1,
			set(reg, otelobserver.OutcomeKey.String("conflict")):                                         1,
			set(otelobserver.OperationKey.String("Roster"), otelobserver.OutcomeKey.String("not_found")): 1,
		}, counts)

		durations, ok := tel.metric(t, "eops.call.duration").(metricdata.Histogram[float64])
		require.True(t, ok)
		require.Len(t, durations.DataPoints, 3)
		for _, dp := range durations.DataPoints {
			assert.Equal(t, uint64(1), dp.Count)
			assert.Positive(t, dp.Sum)
			assert.Less(t, dp.Sum, 5.0, "seconds, not nanoseconds")
		}
	})
}

// flakyStore refuses the first n transactions it is asked for with err,
// after running them, as a database refuses one at commit.
type flakyStore struct {
	standards.Store
	n   int
	err error
}

func (s *flakyStore) Update(ctx context.Context, fn func(standards.Tx) error) error {
	return s.Store.Update(ctx, func(tx standards.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if s.n > 0 {
			s.n--
			return s.err
		}
		return nil
	})
}

func TestSystemFaultsAreErrorSpans(t *testing.T) {
	t.Parallel()
	busy := fmt.Errorf("%w: could not serialize access (SQLSTATE 40001)", standards.ErrTransient)
	cases := []struct {
		name    string
		n       int
		err     error
		outcome string
		retries int64
		status  codes.Code
	}{
		{"TriedAgainAndCommitted", 2, busy, "ok", 2, codes.Unset},
		{"StillBusyAfterEveryTry", 1000, busy, "transient", 11, codes.Error},
		{"Unavailable", 1, fmt.Errorf("%w: connection refused", standards.ErrUnavailable), "unavailable", 0, codes.Error},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tel := newTelemetry(t)
			svc := newService(&flakyStore{Store: memory.New(), n: tc.n, err: tc.err}, tel.observer(t))
			_, err := register(t.Context(), svc)
			if tc.outcome == "ok" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
			span := tel.span(t, "eops.RegisterCentre")
			got := attrs(span.Attributes())
			assert.Equal(t, tc.outcome, got[otelobserver.OutcomeKey].AsString())
			assert.Equal(t, tc.retries, got[otelobserver.RetriesKey].AsInt64())
			assert.Equal(t, tc.status, span.Status().Code)
			if tc.status == codes.Error {
				require.Len(t, span.Events(), 1)
				assert.Equal(t, "exception", span.Events()[0].Name, "the error is recorded on the span")
			}
			retries, ok := tel.metric(t, "eops.retries").(metricdata.Sum[int64])
			require.True(t, ok)
			require.Len(t, retries.DataPoints, 1)
			assert.Equal(t, tc.retries, retries.DataPoints[0].Value)
		})
	}
}

// TestSQLSpansNestUnderTheCommand runs a command on SQLite with bun's
// OpenTelemetry hook: every statement's span is a child of the command's.
func TestSQLSpansNestUnderTheCommand(t *testing.T) {
	t.Parallel()
	tel := newTelemetry(t)
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "eops.db"),
		sqlstore.WithQueryHook(bunotel.NewQueryHook(bunotel.WithTracerProvider(tel.tp), bunotel.WithMeterProvider(tel.mp))))
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	require.NoError(t, store.Migrate(t.Context()))
	svc := newService(store, tel.observer(t))
	tel.spans.Reset()

	_, err = register(t.Context(), svc)
	require.NoError(t, err)

	command := tel.span(t, "eops.RegisterCentre")
	var statements int
	for _, s := range tel.spans.Ended() {
		if s == command {
			continue
		}
		statements++
		assert.Equal(t, command.SpanContext().SpanID(), s.Parent().SpanID(), "statement %s", s.Name())
		assert.Equal(t, command.SpanContext().TraceID(), s.SpanContext().TraceID())
	}
	assert.Greater(t, statements, 3, "a span for each statement of the command")
}
