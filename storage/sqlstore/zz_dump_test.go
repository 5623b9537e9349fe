package sqlstore_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/internal/benchfixture"
	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
	"github.com/eops/eops/storage/sqlstore"
	"github.com/eops/eops/storage/sqlstore/sqlite"
)

type timeHook struct {
	sum map[string]time.Duration
	n   map[string]int
}

func (d *timeHook) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (d *timeHook) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	k := e.Query
	if len(k) > 70 {
		k = k[:70]
	}
	d.sum[k] += time.Since(e.StartTime)
	d.n[k]++
}

func BenchmarkZZTime(b *testing.B) {
	ctx := context.Background()
	h := &timeHook{map[string]time.Duration{}, map[string]int{}}
	path := benchfixture.Copy(b, dataset.NationalCentres, b.TempDir())
	store, err := sqlite.Open(path, sqlstore.WithQueryHook(h))
	if err != nil {
		b.Fatal(err)
	}
	spec := dataset.BenchmarkSpec(dataset.NationalCentres)
	svc := standards.New(store, standards.WithClock(func() time.Time { return spec.Now }))
	ms := spec.MeetingSubjects()
	n := 400
	t0 := time.Now()
	for i := 0; i < n; i++ {
		m := ms[i]
		updates := make([]standards.TargetUpdate, 5)
		for j := range updates {
			updates[j] = standards.TargetUpdate{TargetID: m.TargetIDs[j], Rating: standards.RatingAmber, Comment: "steady progress"}
		}
		if _, err := svc.RecordMeeting(ctx, m.Overseer, m.RecordID, standards.MeetingInput{
			Kind: standards.MeetingProgressReview, Date: spec.Now, Attendees: []string{m.ExamsOfficerRegistrationID, m.OverseerRegistrationID},
			Notes: "Reviewed the targets.", Updates: updates,
		}); err != nil {
			b.Fatal(err)
		}
	}
	total := time.Since(t0)
	var keys []string
	var stmt time.Duration
	for k := range h.sum {
		keys = append(keys, k)
		stmt += h.sum[k]
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%8.1fus x%.1f %s\n", float64(h.sum[k].Microseconds())/float64(n), float64(h.n[k])/float64(n), k)
	}
	b.Logf("claim total %.1fus/op, in statements %.1fus\n%s", float64(total.Microseconds())/float64(n), float64(stmt.Microseconds())/float64(n), sb.String())
	for b.Loop() {
	}
}
