package examples_test

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxLinesOfCode is the most an example may have (issue 20, done means:
// "each under 150 lines").
const maxLinesOfCode = 149

// TestEachExampleIsUnder150LinesOfCode counts the lines of code of every
// example: its folder's .go files but its tests, without blank lines and
// lines that are only comments. Scaffolding such as demo data counts too.
func TestEachExampleIsUnder150LinesOfCode(t *testing.T) {
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	var examples []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		examples = append(examples, e.Name())
		files, err := filepath.Glob(filepath.Join(e.Name(), "*.go"))
		require.NoError(t, err)
		n := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			n += linesOfCode(t, f, src)
		}
		t.Logf("%s: %d lines of code", e.Name(), n)
		assert.LessOrEqual(t, n, maxLinesOfCode, "examples/%s has %d lines of code; an example stays under 150", e.Name(), n)
	}
	assert.Subset(t, examples, []string{"quickstart", "trust-portal", "mis-vendor", "vendor-host"}, "the examples issue 20 names are all counted")
}

// TestLinesOfCodeCountsCodeNotCommentsOrBlanks proves the counter: a line
// with code counts, a trailing comment does not make it a comment, a line
// of a string literal is code, and blank lines and comments, line or block,
// do not count.
func TestLinesOfCodeCountsCodeNotCommentsOrBlanks(t *testing.T) {
	const src = "// Package x.\npackage x\n\n// f does.\nfunc f() {} // and says so\n\n/* a block\n   comment */\nvar s = `one\ntwo`\n\t// indented\n"
	assert.Equal(t, 4, linesOfCode(t, "x.go", []byte(src)))
}

// linesOfCode counts the lines of Go source that hold code: every line a
// token other than a comment is on, a string literal's lines all counted.
func linesOfCode(t *testing.T, name string, src []byte) int {
	t.Helper()
	fset := token.NewFileSet()
	file := fset.AddFile(name, fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, 0)
	lines := map[int]bool{}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return len(lines)
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // one the scanner put at a line's end: not code of its own
		}
		first := file.Line(pos)
		for i := 0; i <= strings.Count(lit, "\n"); i++ {
			lines[first+i] = true
		}
	}
}
