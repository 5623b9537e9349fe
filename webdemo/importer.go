package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/eops/eops/standards"
)

// importHistory imports certification history from an earlier platform
// (R-REG-8) out of a CSV file, as the system job "import" (a job, not a
// person: it may import and nothing else), drawing a progress bar on out
// and then a line per refused row and the totals.
func importHistory(ctx context.Context, svc *standards.Service, path string, out io.Writer) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	// The bar counts data rows: the lines, less a header.
	total := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		total++
	}
	// The whole first field, not a prefix of the file: a long field that
	// starts "email" is a row, which the bar must count.
	first, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\ufeff")), []byte(","))
	if strings.EqualFold(strings.TrimSpace(string(first)), "email") {
		total--
	}
	bar := progressBar{out: out, total: max(total, 1)}
	rows, err := svc.ImportCertificates(ctx, standards.SystemActor("import"), bytes.NewReader(data), bar.show)
	bar.done()
	if err != nil {
		return err
	}
	counts := map[standards.ImportStatus]int{}
	for _, r := range rows {
		counts[r.Status]++
		if r.Err != nil {
			fmt.Fprintf(out, "line %d (%s): %v\n", r.Line, onOneLine(r.Serial), r.Err)
		}
	}
	fmt.Fprintf(out, "%d imported, %d already present, %d invalid\n",
		counts[standards.ImportImported], counts[standards.ImportPresent], counts[standards.ImportInvalid])
	return nil
}

// progressBar redraws one line: [#####.....]  45%  4500/10000 rows.
type progressBar struct {
	out   io.Writer
	total int
	last  int
}

func (p *progressBar) show(done int) {
	percent := min(100, done*100/p.total)
	if percent == p.last && done != p.total {
		return // redraw only when the percentage moves
	}
	p.last = percent
	const width = 30
	filled := percent * width / 100
	fmt.Fprintf(p.out, "\r[%s%s] %3d%%  %d/%d rows", strings.Repeat("#", filled), strings.Repeat(".", width-filled), percent, done, p.total)
}

func (p *progressBar) done() { fmt.Fprintln(p.out) }

// onOneLine is s from the file as a terminal can show it on one line: a
// control character (a carriage return would send the cursor back over the
// progress bar and the line) becomes U+FFFD.
func onOneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}
