package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/eops/eops/standards"
)

// addEndpoints registers n webhook endpoints that take every event.
func addEndpoints(b *testing.B, s standards.Store, n int, at time.Time) {
	for i := range n {
		if err := s.Update(context.Background(), func(tx standards.Tx) error {
			return tx.CreateWebhookEndpoint(context.Background(), standards.WebhookEndpoint{
				ID: fmt.Sprintf("w%025d", i), URL: "https://receiver.example/", CreatedAt: at, Version: 1,
			}, "whsec_c2VjcmV0")
		}); err != nil {
			b.Fatal(err)
		}
	}
}
