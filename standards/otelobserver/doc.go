// Package otelobserver reports the commands and queries of a
// [standards.Service] to OpenTelemetry: a span for each call, and metrics of
// calls, their durations and the transactions run again.
//
//	obs, err := otelobserver.New() // the global TracerProvider and MeterProvider
//	if err != nil { ... }
//	svc := standards.New(store, standards.WithObserver(obs))
//
// It is a leaf package of the module because it needs a dependency the
// domain must not have: go.opentelemetry.io/otel. A host that does not
// import it links none of OpenTelemetry.
//
// # Spans
//
// Each call of a Service method is one span of kind internal, named
// "eops." and the method ("eops.ProposeTarget"), a child of the span in the
// caller's context (otelhttp's, say). The store runs in the span's context,
// so a store's own spans nest under it: sqlstore with bun's OpenTelemetry
// hook, sqlstore.WithQueryHook(bunotel.NewQueryHook()), gives a span for
// every SQL statement of the command. The span carries
//
//	eops.operation  the method's name ("ProposeTarget")
//	eops.outcome    ok, or the error's kind (standards.Outcome.Kind)
//	eops.retries    how many times its transactions ran again (ErrTransient)
//
// A span's status is Error, with the error recorded on it, only when the
// outcome is the system's fault (unavailable, transient, internal:
// standards.Outcome.Failed). A refusal the rules made (not_found,
// forbidden, conflict, not_eligible, invalid, unauthenticated) is the
// right answer to what the person asked, and a caller that went away
// (canceled) asked nothing more, so their spans stay Unset: an alert on
// error spans then wakes someone only for what they can fix.
//
// # Metrics
//
//	eops.calls          counter    calls, by eops.operation and eops.outcome
//	eops.call.duration  histogram  seconds per call, by eops.operation and eops.outcome
//	eops.retries        counter    transactions run again, by eops.operation
//
// A Prometheus exporter shows them as eops_calls_total,
// eops_call_duration_seconds and eops_retries_total, with the labels
// eops_operation and eops_outcome.
package otelobserver
