package memory

import (
	"cmp"
	"context"

	"github.com/eops/eops/standards"
)

// tallyKey is a tally's unique key.
type tallyKey struct {
	year    standards.AcademicYear
	measure standards.TallyMeasure
	month   int
	shard   int
}

func (t *tx) Tallies(_ context.Context, year standards.AcademicYear) ([]standards.Tally, error) {
	return sorted(t.d.tallies, func(x standards.Tally) bool { return x.Year == year }, func(a, b standards.Tally) int {
		return cmp.Or(cmp.Compare(a.Measure, b.Measure), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Shard, b.Shard))
	}), nil
}

func (t *tx) AddTally(_ context.Context, x standards.Tally) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := tallyKey{x.Year, x.Measure, x.Month, x.Shard}
	if old, ok := t.d.tallies[k]; ok {
		x.Count += old.Count
	}
	put(t, t.d.tallies, k, x)
	return nil
}

func (t *tx) ReplaceTallies(_ context.Context, year standards.AcademicYear, ts []standards.Tally) error {
	if err := t.writable(); err != nil {
		return err
	}
	for k := range t.d.tallies {
		if k.year == year {
			del(t, t.d.tallies, k)
		}
	}
	for _, x := range ts {
		x.Year = year
		put(t, t.d.tallies, tallyKey{year, x.Measure, x.Month, x.Shard}, x)
	}
	return nil
}
