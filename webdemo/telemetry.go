package main

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/uptrace/bun/extra/bunotel"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/eops/eops/standards/otelobserver"
	"github.com/eops/eops/storage/sqlstore"
)

// telemetry is the demo's metrics (-metrics-addr): OpenTelemetry's, read
// by its Prometheus exporter into a registry of the demo's own, not the
// process-wide default, so that nothing outside run() reaches it. It shows
// what a host wires: the library's calls (otelobserver), its SQL (bun's
// hook) and the HTTP requests (otelhttp around the app). The demo exports
// no traces; a host with a tracing backend sets a TracerProvider the same
// way and gets a span for each request, command and statement.
type telemetry struct {
	meters   *sdkmetric.MeterProvider
	registry *prometheus.Registry
	observer *otelobserver.Observer
}

func newTelemetry() (*telemetry, error) {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry))
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	meters := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	observer, err := otelobserver.New(otelobserver.WithMeterProvider(meters))
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return &telemetry{meters: meters, registry: registry, observer: observer}, nil
}

// queryHook times every SQL statement of the store (go_sql_query_timing).
func (t *telemetry) queryHook() sqlstore.Option {
	return sqlstore.WithQueryHook(bunotel.NewQueryHook(bunotel.WithMeterProvider(t.meters)))
}

// handler wraps the app in otelhttp, for the HTTP server's metrics
// (http_server_request_duration_seconds). It is done here, in the demo,
// rather than in the app package: a host that mounts the app wraps its own
// router once, and the app should not link OpenTelemetry into every host.
func (t *telemetry) handler(app http.Handler) http.Handler {
	return otelhttp.NewHandler(app, "webdemo", otelhttp.WithMeterProvider(t.meters))
}

// metrics serves /metrics in Prometheus's text format.
func (t *telemetry) metrics() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(t.registry, promhttp.HandlerOpts{}))
	return mux
}
