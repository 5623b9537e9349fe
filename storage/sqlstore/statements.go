package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// The published versions of the Values and Attributes statement.

type statementRow struct {
	bun.BaseModel `bun:"alias:statement"`
	Year          int       `bun:"year,pk"`
	Version       int       `bun:"version,pk"`
	Text          string    `bun:"body"`
	PublishedAt   time.Time `bun:"published_at"`
	PublishedBy   string    `bun:"published_by,nullzero"`
}

func (r *statementRow) statement() standards.Statement {
	return standards.Statement{
		Year: standards.AcademicYear(r.Year), Version: r.Version, Text: r.Text,
		PublishedAt: utc(r.PublishedAt), PublishedBy: r.PublishedBy,
	}
}

func (t *tx) CreateStatement(ctx context.Context, s standards.Statement) error {
	return t.insert(ctx, "statements", &statementRow{
		Year: int(s.Year), Version: s.Version, Text: s.Text, PublishedAt: s.PublishedAt, PublishedBy: s.PublishedBy,
	})
}

func (t *tx) LatestStatement(ctx context.Context, year standards.AcademicYear) (standards.Statement, error) {
	var r statementRow
	err := t.readOne(ctx, latestStatement, &r, fmt.Sprintf("statement of %v", year), int(year))
	return r.statement(), err
}

func (t *tx) Statement(ctx context.Context, year standards.AcademicYear, version int) (standards.Statement, error) {
	var r statementRow
	err := t.readOne(ctx, statementVersion, &r, fmt.Sprintf("statement of %v, version %d", year, version), int(year), version)
	return r.statement(), err
}

// The reads of this file (see reads.go).
var (
	latestStatement  = &read{table: "statements", alias: "statement", where: "year = ?", orderExpr: "version DESC"}
	statementVersion = &read{table: "statements", alias: "statement", where: "year = ? AND version = ?"}
)
