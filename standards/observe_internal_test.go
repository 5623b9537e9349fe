package standards

import (
	"context"
	"testing"
)

// observed is the shape of every Service method's first line.
func (s *Service) observed(ctx context.Context) (err error) {
	defer s.observe(&ctx, "Observed").done(&err)
	return ctx.Err()
}

// BenchmarkObserveNone is what every call pays for observation when no
// observer is set: no allocation, a few nanoseconds.
func BenchmarkObserveNone(b *testing.B) {
	s := &Service{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		_ = s.observed(ctx)
	}
}

func TestObserveNoneAllocatesNothing(t *testing.T) {
	s := &Service{}
	ctx := context.Background()
	assert := testing.AllocsPerRun(100, func() { _ = s.observed(ctx) })
	if assert != 0 {
		t.Errorf("with no observer a call allocates %v times for it; want 0", assert)
	}
}
