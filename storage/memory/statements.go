package memory

import (
	"context"
	"fmt"

	"github.com/eops/eops/standards"
)

// Statements.

// statementKey is a version of a year's statement.
type statementKey struct {
	year    standards.AcademicYear
	version int
}

func (t *tx) CreateStatement(_ context.Context, s standards.Statement) error {
	if err := t.writable(); err != nil {
		return err
	}
	k := statementKey{s.Year, s.Version}
	if _, ok := t.d.statements[k]; ok {
		return taken("statement", k)
	}
	put(t, t.d.statements, k, s)
	return nil
}

func (t *tx) LatestStatement(_ context.Context, year standards.AcademicYear) (standards.Statement, error) {
	var latest standards.Statement
	found := false
	for k, s := range t.d.statements {
		if k.year == year && (!found || k.version > latest.Version) {
			latest, found = s, true
		}
	}
	if !found {
		return standards.Statement{}, fmt.Errorf("statement of %v: %w", year, standards.ErrNotFound)
	}
	return latest, nil
}

func (t *tx) Statement(_ context.Context, year standards.AcademicYear, version int) (standards.Statement, error) {
	return get(t.d.statements, statementKey{year, version}, "statement")
}
