package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/standards/webhooks"
)

// webhookInterval is how often the demo looks for due webhooks.
const webhookInterval = 2 * time.Second

// runWebhooks delivers the endpoints' webhooks (registered by the operator
// or a system job; the JSON API exposes them) from a goroutine counted in
// work, and returns what to call once work is done: it gives back what the
// deliverer claimed and did not send, as releaseClaims does the mailer's.
// allowPrivate lets it reach loopback and private addresses
// (-webhooks-private): for a receiver on the same machine or network.
func runWebhooks(ctx context.Context, svc *standards.Service, allowPrivate bool, logger *slog.Logger, work *sync.WaitGroup) (release func()) {
	d := &webhooks.Deliverer{Queue: svc, AllowPrivate: allowPrivate, Log: logger}
	stopped := make(chan struct{})
	work.Go(func() { defer close(stopped); d.Run(ctx, webhookInterval) })
	return func() {
		select {
		case <-stopped:
		default:
			logger.Warn("shutdown: the webhook deliverer did not stop in time; its claims are left to expire with their lease")
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n, err := d.Release(ctx)
		if err != nil {
			logger.Error("shutdown: releasing the webhook deliverer's claims; they are left to expire with their lease", "err", err)
			return
		}
		logger.Info("shutdown: released the webhook deliverer's claims", "count", n)
	}
}
