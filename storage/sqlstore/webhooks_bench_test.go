package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/eops/eops/standards"
)

// BenchmarkAppendEvent appends one event per Update on each backend, with
// no webhook endpoint and with some, to show what the webhooks' fan-out
// costs every command that appends an event: a trigger on PostgreSQL and
// SQLite, one INSERT … SELECT on MySQL (webhooks.go). The "none" case runs
// on a tree from before webhooks too, for the comparison in
// docs/benchmarks.md.
func BenchmarkAppendEvent(b *testing.B) {
	ctx := context.Background()
	for _, be := range backends {
		for _, endpoints := range []int{0, 3} {
			name := fmt.Sprintf("%s/endpoints=%d", be.name, endpoints)
			if endpoints == 0 {
				name = be.name + "/none"
			}
			b.Run(name, func(b *testing.B) {
				s := MustOpen(b, be)
				at := time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)
				addEndpoints(b, s, endpoints, at)
				n := 0
				b.ResetTimer()
				for b.Loop() {
					n++
					if err := s.Update(ctx, func(tx standards.Tx) error {
						_, err := tx.AppendEvent(ctx, standards.Event{
							ID: fmt.Sprintf("bench%021d", n), At: at, Kind: standards.EventMeetingRecorded, To: []string{"eo@school.org.uk"},
							CentreID: "c0000000000000000000000001", Subject: "record/r1", Summary: "A meeting was recorded.",
						})
						return err
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
