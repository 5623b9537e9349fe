package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/eops/eops/storage/dataset"
)

// The parts of a record a tracker shows, each read by record_id.
var recordParts = []struct{ table, order string }{
	{"targets", "created_at, id"},
	{"target_changes", "seq"},
	{"cpd_entries", "day, id"},
	{"meetings", "day, id"},
	{"support_actions", "due, id"},
	{"private_notes", "at, id"},
	{"signatures", "at, side"},
	{"certificates", "id"},
}

// BenchmarkOneStatementPerView asks whether reading a whole view in one
// statement would be faster on SQLite, as the goal of four statements a
// read would need: it reads the eight parts of one record of the national
// file as eight statements, and as one statement that aggregates each part
// into a JSON array (SQLite's json_group_array), on the library's own
// reading connections, alternately in one loop. It reports each side's time,
// the JSON side's time with its arrays decoded (into maps, as a decoder that
// knows no row types would), and json-x: the one statement's time with
// decoding over the eight statements'. docs/benchmarks.md has the figures.
func BenchmarkOneStatementPerView(b *testing.B) {
	ctx := context.Background()
	lib := readFixture(b, dataset.NationalCentres)
	db := lib.store.ReadDB()
	record := lib.spec.Subjects().RecordID
	aggregate := jsonAggregate(b, db)
	var tParts, tJSON, tDecode time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := readParts(ctx, db, record); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		arrays, err := readAggregate(ctx, db, aggregate, record)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		for _, a := range arrays {
			var rows []map[string]any
			if err := json.Unmarshal([]byte(a), &rows); err != nil {
				b.Fatal(err)
			}
		}
		tParts += t1.Sub(t0)
		tJSON += t2.Sub(t1)
		tDecode += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tParts.Nanoseconds())/n, "parts-ns/op")
	b.ReportMetric(float64(tJSON.Nanoseconds())/n, "json-ns/op")
	b.ReportMetric(float64(tDecode.Nanoseconds())/n, "json-decoded-ns/op")
	b.ReportMetric(float64(tDecode)/float64(tParts), "json-x")
}

// jsonAggregate writes the one statement, naming each table's columns as
// the file has them.
func jsonAggregate(b *testing.B, db *sql.DB) string {
	b.Helper()
	var parts []string
	for _, p := range recordParts {
		var cols string
		if err := db.QueryRow(`SELECT group_concat('''' || name || ''', ' || name, ', ') FROM pragma_table_info(?)`, p.table).Scan(&cols); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, "(SELECT json_group_array(json_object("+cols+")) FROM (SELECT * FROM "+p.table+
			" WHERE record_id = ?1 ORDER BY "+p.order+"))")
	}
	return "SELECT " + strings.Join(parts, ", ")
}

func readParts(ctx context.Context, db *sql.DB, record string) error {
	queries := make([][]any, len(recordParts))
	for i, p := range recordParts {
		queries[i] = []any{"SELECT * FROM " + p.table + " WHERE record_id = ? ORDER BY " + p.order, record}
	}
	return readAll(ctx, db, queries)
}

func readAggregate(ctx context.Context, db *sql.DB, query, record string) ([]string, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	arrays := make([]string, len(recordParts))
	dest := make([]any, len(arrays))
	for i := range arrays {
		dest[i] = &arrays[i]
	}
	if err := tx.QueryRowContext(ctx, query, record).Scan(dest...); err != nil {
		return nil, err
	}
	return arrays, tx.Commit()
}
