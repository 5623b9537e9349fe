package standards

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
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
			return invalid("file", "a file has at most %d rows", maxRows)
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
		return invalid("file", "line %d is not valid CSV: %v", pe.Line, pe.Err)
	}
	return invalid("file", "the file could not be read: %v", err)
}
