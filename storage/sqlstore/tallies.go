package sqlstore

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/eops/eops/standards"
)

// tallyRow is a row of tallies: one count of a year's national figures.
type tallyRow struct {
	bun.BaseModel `bun:"alias:tally"`
	Year          int    `bun:"year,pk"`
	Measure       string `bun:"measure,pk"`
	Month         int    `bun:"month,pk"`
	Shard         int    `bun:"shard,pk"`
	Total         int    `bun:"total"`
}

func (r *tallyRow) tally() standards.Tally {
	return standards.Tally{Year: standards.AcademicYear(r.Year), Measure: standards.TallyMeasure(r.Measure), Month: r.Month, Shard: r.Shard, Count: r.Total}
}

func (t *tx) Tallies(ctx context.Context, year standards.AcademicYear) ([]standards.Tally, error) {
	var rows []tallyRow
	if err := t.readAll(ctx, talliesOfYear, &rows, int(year)); err != nil {
		return nil, err
	}
	return convert(rows, (*tallyRow).tally), nil
}

// AddTally adds to a tally in one statement, making it if it is new: an
// upsert, which each dialect spells its own way.
func (t *tx) AddTally(ctx context.Context, x standards.Tally) error {
	if t.bind != nil { // SQLite, prepared (see prepared.go)
		table := string(t.db.QueryGen().AppendIdent(nil, t.s.prefix+"tallies"))
		_, err := t.execPrepared(ctx, "INSERT INTO "+table+` ("year", "measure", "month", "shard", "total") VALUES (?, ?, ?, ?, ?)`+
			" ON CONFLICT (year, measure, month, shard) DO UPDATE SET total = "+table+".total + EXCLUDED.total",
			[]any{int64(x.Year), string(x.Measure), int64(x.Month), int64(x.Shard), int64(x.Count)})
		return translate(err)
	}
	q := t.tx.NewInsert().Model(&tallyRow{Year: int(x.Year), Measure: string(x.Measure), Month: x.Month, Shard: x.Shard, Total: x.Count}).
		ModelTableExpr("?", t.table("tallies"))
	if t.s.dialect == MySQL {
		// VALUES() is deprecated from MySQL 8.0.20 in favour of a row
		// alias, which MariaDB does not have; both still take VALUES().
		q = q.On("DUPLICATE KEY UPDATE").Set("total = total + VALUES(total)")
	} else {
		q = q.On("CONFLICT (year, measure, month, shard) DO UPDATE").Set("total = ?.total + EXCLUDED.total", t.table("tallies"))
	}
	_, err := q.Exec(ctx)
	return translate(err)
}

func (t *tx) ReplaceTallies(ctx context.Context, year standards.AcademicYear, ts []standards.Tally) error {
	if _, err := t.tx.NewDelete().TableExpr("?", t.table("tallies")).Where("year = ?", t.arg(int(year))).Exec(ctx); err != nil {
		return translate(err)
	}
	if len(ts) == 0 {
		return nil
	}
	rows := make([]tallyRow, len(ts))
	for i, x := range ts {
		rows[i] = tallyRow{Year: int(year), Measure: string(x.Measure), Month: x.Month, Shard: x.Shard, Total: x.Count}
	}
	return t.insert(ctx, "tallies", &rows)
}

// The reads of this file (see reads.go).
var (
	talliesOfYear = &read{table: "tallies", alias: "tally", where: "year = ?", order: []string{"measure", "month", "shard"}}
)
