package otelobserver

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/eops/eops/standards"
)

// ScopeName is the instrumentation scope of the spans and metrics.
const ScopeName = "github.com/eops/eops/standards/otelobserver"

// The attribute keys on spans and metrics.
const (
	OperationKey = attribute.Key("eops.operation")
	OutcomeKey   = attribute.Key("eops.outcome")
	RetriesKey   = attribute.Key("eops.retries")
)

// Observer is a standards.Observer that reports to OpenTelemetry. It is
// safe for concurrent use.
type Observer struct {
	tracer   trace.Tracer
	calls    metric.Int64Counter
	duration metric.Float64Histogram
	retries  metric.Int64Counter
}

var _ standards.Observer = (*Observer)(nil)

// Option configures an Observer.
type Option func(*config)

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// WithTracerProvider sets where spans go; by default the global one
// (otel.GetTracerProvider), as OpenTelemetry's instrumentation libraries do.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets where metrics go; by default the global one
// (otel.GetMeterProvider).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// durationBuckets are the bucket bounds, in seconds, of eops.call.duration:
// those OpenTelemetry advises for HTTP server durations, since a call is
// most of a request's time. The SDK's default bounds are for milliseconds.
var durationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// New returns an Observer on the given providers, or the global ones. It
// fails only if the meter refuses an instrument.
func New(opts ...Option) (*Observer, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	meter := c.mp.Meter(ScopeName)
	o := &Observer{tracer: c.tp.Tracer(ScopeName)}
	var err error
	if o.calls, err = meter.Int64Counter("eops.calls",
		metric.WithUnit("{call}"),
		metric.WithDescription("Calls of the eops Service's commands and queries, by operation and outcome.")); err != nil {
		return nil, fmt.Errorf("otelobserver: %w", err)
	}
	if o.duration, err = meter.Float64Histogram("eops.call.duration",
		metric.WithUnit("s"),
		metric.WithDescription("How long the eops Service's commands and queries took, pauses between tries included."),
		metric.WithExplicitBucketBoundaries(durationBuckets...)); err != nil {
		return nil, fmt.Errorf("otelobserver: %w", err)
	}
	if o.retries, err = meter.Int64Counter("eops.retries",
		metric.WithUnit("{retry}"),
		metric.WithDescription("Transactions the eops Service ran again after the store refused them as transient, by operation.")); err != nil {
		return nil, fmt.Errorf("otelobserver: %w", err)
	}
	return o, nil
}

// Start begins the span of operation; the function it returns ends it and
// records the call's metrics.
func (o *Observer) Start(ctx context.Context, operation string) (context.Context, func(standards.Outcome)) {
	op := OperationKey.String(operation)
	ctx, span := o.tracer.Start(ctx, "eops."+operation, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(op))
	return ctx, func(out standards.Outcome) {
		outcome := OutcomeKey.String(out.Kind)
		span.SetAttributes(outcome, RetriesKey.Int(out.Retries))
		if out.Failed() {
			if out.Err != nil {
				span.RecordError(out.Err)
			}
			span.SetStatus(codes.Error, out.Kind)
		}
		span.End()
		both := metric.WithAttributeSet(attribute.NewSet(op, outcome))
		o.calls.Add(ctx, 1, both)
		o.duration.Record(ctx, out.Duration.Seconds(), both)
		// Adding 0 too gives every operation its series from its first
		// call, so that a rate of retries reads 0 rather than nothing.
		o.retries.Add(ctx, int64(out.Retries), metric.WithAttributeSet(attribute.NewSet(op)))
	}
}
