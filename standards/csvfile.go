package standards

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// eachCSVRow reads a CSV upload and calls row for every data row with its
// line number (from 1, counting a header). A first row starting "email" is
// a header and is skipped, as is the byte-order mark spreadsheets put on
// "CSV UTF-8". More than maxRows rows, or a file that is not CSV, is a
// *ValidationError on field "file"; row's error stops the reading.
func eachCSVRow(file io.Reader, maxRows int, row func(line int, rec []string) error) error {
	// Drop the byte-order mark before the CSV reader sees it: left in the
	// first field it makes a quoted field a bare quote, and a file with no
	// rows a file with one.
	br := bufio.NewReader(file)
	if b, err := br.Peek(len(byteOrderMark)); err == nil && string(b) == byteOrderMark {
		_, _ = br.Discard(len(byteOrderMark))
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	first, rows := true, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if strings.EqualFold(strings.TrimSpace(rec[0]), "email") {
				continue
			}
		}
		if rows == maxRows {
			return invalid("file", FieldTooMany, params("max", strconv.Itoa(maxRows)), "a file has at most %d rows", maxRows)
		}
		rows++
		if err := row(line, rec); err != nil {
			return err
		}
	}
}

// byteOrderMark is U+FEFF in UTF-8, which spreadsheets put first in "CSV
// UTF-8".
const byteOrderMark = "\ufeff"

// csvError turns a reader's error into a *ValidationError on field "file"
// that says which line is wrong.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return invalid("file", FieldUnreadable, params("line", strconv.Itoa(pe.Line), "detail", pe.Err.Error()), "line %d is not valid CSV: %v", pe.Line, pe.Err)
	}
	return invalid("file", FieldUnreadable, params("detail", err.Error()), "the file could not be read: %v", err)
}

// CSVWriter writes CSV that is safe to open in a spreadsheet: what
// encoding/csv writes (fields with commas, quotes or line breaks quoted,
// quotes doubled), and every cell that a spreadsheet would read as a
// formula made plain text by a leading apostrophe (see CSVCell). Use it for
// any CSV that holds text people typed (names, titles, flags' messages):
// the reference web app's and the examples' exports all do.
//
// Its methods are those of csv.Writer: call Flush when done, then Error.
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// Write writes one row, each cell through CSVCell; record is not changed.
func (c *CSVWriter) Write(record []string) error {
	c.row = c.row[:0]
	for _, cell := range record {
		c.row = append(c.row, CSVCell(cell))
	}
	return c.w.Write(c.row)
}

// WriteAll writes every row, then flushes, and returns the first error.
func (c *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// Flush writes out what is buffered; Error then reports any failure.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports an error of a Write or Flush before it.
func (c *CSVWriter) Error() error { return c.w.Error() }

// CSVCell makes one cell safe from formula injection (OWASP "CSV
// Injection"): a cell starting with =, +, -, @, a tab or a carriage return
// (or the full-width ＝ ＋ － ＠ that some spreadsheets read the same way) gets
// a leading apostrophe, so that "=HYPERLINK(...)" shows as that text and
// runs nothing. A plain number ("-3", "+1.5") is left as it is: a
// spreadsheet reads it as the number it is, and nothing more. Quoting
// commas, quotes and line breaks is the CSV writer's part, not this one's.
func CSVCell(s string) string {
	if s == "" || plainNumber(s) {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is an optional sign, digits, and an
// optional point and digits: a number, which no spreadsheet runs.
func plainNumber(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	whole, frac, point := strings.Cut(s, ".")
	return allDigits(whole) && (!point || allDigits(frac))
}
