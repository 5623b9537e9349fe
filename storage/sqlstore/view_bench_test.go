package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
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
// decoding over the eight statements'. A third side needs no decoding: one
// statement that joins the eight parts with UNION ALL, each row tagged with
// its part and padded with NULLs to the widest table's columns, scanned as
// the driver's own values (union-x over the eight statements).
// docs/benchmarks.md has the figures.
func BenchmarkOneStatementPerView(b *testing.B) {
	ctx := context.Background()
	lib := readFixture(b, dataset.NationalCentres)
	db := lib.store.ReadDB().DB
	record := lib.spec.Subjects().RecordID
	aggregate := jsonAggregate(b, db)
	union, width := unionOfParts(b, db)
	want := countParts(ctx, b, db, record)
	var tParts, tJSON, tDecode, tUnion time.Duration
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
		t3 := time.Now()
		rows, err := readUnion(ctx, db, union, width, record)
		if err != nil {
			b.Fatal(err)
		}
		if rows != want {
			b.Fatalf("the union read %d rows, the eight statements %d", rows, want)
		}
		tParts += t1.Sub(t0)
		tJSON += t2.Sub(t1)
		tDecode += t3.Sub(t1)
		tUnion += time.Since(t3)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tParts.Nanoseconds())/n, "parts-ns/op")
	b.ReportMetric(float64(tJSON.Nanoseconds())/n, "json-ns/op")
	b.ReportMetric(float64(tDecode.Nanoseconds())/n, "json-decoded-ns/op")
	b.ReportMetric(float64(tDecode)/float64(tParts), "json-x")
	b.ReportMetric(float64(tUnion.Nanoseconds())/n, "union-ns/op")
	b.ReportMetric(float64(tUnion)/float64(tParts), "union-x")
}

// unionOfParts writes the one UNION ALL statement over the record's parts
// and returns it with the number of columns each row has: the part's index,
// then the widest table's number of values. Each part keeps its order in a
// subquery, which SQLite runs in turn; numbering the rows with a window
// function instead, to sort the whole by part and place, made it two and a
// half times slower.
func unionOfParts(b *testing.B, db *sql.DB) (string, int) {
	b.Helper()
	cols := make([][]string, len(recordParts))
	widest := 0
	for i, p := range recordParts {
		rows, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, p.table)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				b.Fatal(err)
			}
			cols[i] = append(cols[i], name)
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		widest = max(widest, len(cols[i]))
	}
	var parts []string
	for i, p := range recordParts {
		values := append([]string{}, cols[i]...)
		for len(values) < widest {
			values = append(values, "NULL")
		}
		parts = append(parts, fmt.Sprintf("SELECT * FROM (SELECT %d AS part, %s FROM %s WHERE record_id = ?1 ORDER BY %s)",
			i, strings.Join(values, ", "), p.table, p.order))
	}
	return strings.Join(parts, " UNION ALL "), widest + 1
}

// countParts counts the rows the eight statements read.
func countParts(ctx context.Context, b *testing.B, db *sql.DB, record string) int {
	b.Helper()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	total := 0
	for _, p := range recordParts {
		n, err := drain(ctx, tx, "SELECT * FROM "+p.table+" WHERE record_id = ?", record)
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	return total
}

// readUnion runs the union in a read transaction, as the library reads,
// and scans every row's values; it returns the number of rows.
func readUnion(ctx context.Context, db *sql.DB, query string, width int, record string) (int, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, query, record)
	if err != nil {
		return 0, err
	}
	values := make([]any, width)
	dest := make([]any, width)
	for i := range values {
		dest[i] = &values[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return 0, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, tx.Commit()
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
