package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/dataset"
)

// generatedFirstCentre places the generated centres at numbers 20000 and
// up, clear of the demo's own centre and of real-looking numbers a
// developer types in.
const generatedFirstCentre = 10000

// maxGeneratedCentres is the national size: every JCQ centre.
const maxGeneratedCentres = dataset.NationalCentres

// generatedSpec is what -demo-centres n makes at now: n centres in trusts
// of 50 with three years of history, standing at now. Before 15 November
// the current year has too little behind it to show, so the data stands
// at the end of the year just gone.
func generatedSpec(n int, now time.Time) dataset.Spec {
	s := dataset.Spec{Centres: n, Year: standards.YearOf(now), Now: now, FirstCentre: generatedFirstCentre}
	if s.Validate() != nil {
		s.Year--
		s.Now = s.Year.End().Add(-7 * 24 * time.Hour)
	}
	return s
}

// seedGenerated loads n generated centres (storage/dataset, the generator
// the benchmarks use) on first start, so that trust and national pages
// have a realistic amount to show, and says how to see one. It does nothing
// if the first of them is there already.
func seedGenerated(ctx context.Context, store standards.Store, n int, now time.Time, out io.Writer) error {
	spec := generatedSpec(n, now)
	staff := spec.Staff(0)
	err := store.View(ctx, func(tx standards.Tx) error {
		_, err := tx.CentreByNumber(ctx, staff.CentreNumber)
		return err
	})
	switch {
	case err == nil:
		fmt.Fprintf(out, "generated centres are already there (from %s)\n", staff.CentreNumber)
	case errors.Is(err, standards.ErrNotFound):
		start := time.Now()
		fmt.Fprintf(out, "generating %d centres for %s to %s...\n", n, spec.Year-2, spec.Year)
		if err := dataset.Load(ctx, store, spec, func(done int) {
			if done%500 == 0 && done < n {
				fmt.Fprintf(out, "  %d of %d\n", done, n)
			}
		}); err != nil {
			return err
		}
		fmt.Fprintf(out, "generated %d centres in %s\n", n, time.Since(start).Round(time.Second))
	default:
		return err
	}
	fmt.Fprintf(out, "to see a generated centre as its administrator, sign up as %s; as its exams officer, %s\n",
		staff.Head.Email, staff.ExamsOfficer.Email)
	return nil
}
