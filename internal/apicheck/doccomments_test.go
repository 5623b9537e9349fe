package apicheck_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// howToFix ends every failure message of the doc comment check.
const howToFix = "add a comment directly above it, starting with its name, that says " +
	"what it is or why it exists in the domain's words; for a const or var in a ( ) block, " +
	"a comment above the whole block will do (see https://go.dev/doc/comment)"

// TestEveryExportedIdentifierHasADocComment walks the module and fails once
// for every exported top-level identifier, and every package, that has no
// doc comment. Package main programs, examples/, internal/ and testdata
// directories are not part of the public API and are skipped.
func TestEveryExportedIdentifierHasADocComment(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()

	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && skipDir(root, path, d.Name()) {
			return filepath.SkipDir
		}
		checkPackage(t, fset, root, path)
		return nil
	})
	require.NoError(t, err)
}

// TestTheCheckFindsAMissingComment proves the check reports what it should,
// so that it cannot silently pass everything.
func TestTheCheckFindsAMissingComment(t *testing.T) {
	const src = `package sample

// Documented is documented.
func Documented() {}

func Undocumented() {}

func unexported() {}

// The colours of a flag, documented by the group.
const (
	Red = iota
	Green
)

const (
	Left = iota
	Right // Right has a line comment.
	// Up has its own doc.
	Up
)

type T struct{}

// Done is documented.
func (T) Done() {}

func (*T) Open() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "sample.go", src, parser.ParseComments)
	require.NoError(t, err)

	var names []string
	for _, m := range missingDocComments(fset, f) {
		names = append(names, m.name)
	}
	assert.Equal(t, []string{"Undocumented", "Left", "T", "T.Open"}, names)
}

// undocumented is one exported identifier without a doc comment.
type undocumented struct {
	pos  token.Position
	name string
}

// missingDocComments returns the exported top-level identifiers of f that
// have no doc comment, in source order. A method counts when both its name
// and its receiver type are exported. In a parenthesised const, var or type
// group the group's doc comment covers every name in it, and so does a
// spec's own doc or, for const and var, its trailing line comment.
func missingDocComments(fset *token.FileSet, f *ast.File) []undocumented {
	var out []undocumented
	report := func(pos token.Pos, name string) {
		out = append(out, undocumented{pos: fset.Position(pos), name: name})
	}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			name := decl.Name.Name
			if !ast.IsExported(name) {
				continue
			}
			if decl.Recv != nil {
				recv := receiverType(decl.Recv)
				if !ast.IsExported(recv) {
					continue
				}
				name = recv + "." + name
			}
			if !hasText(decl.Doc) {
				report(decl.Name.Pos(), name)
			}
		case *ast.GenDecl:
			grouped := decl.Lparen.IsValid()
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					if ast.IsExported(spec.Name.Name) && !hasText(spec.Doc) && !hasText(decl.Doc) {
						report(spec.Name.Pos(), spec.Name.Name)
					}
				case *ast.ValueSpec:
					documented := hasText(decl.Doc) || hasText(spec.Doc) ||
						(grouped && hasText(spec.Comment))
					if documented {
						continue
					}
					for _, n := range spec.Names {
						if ast.IsExported(n.Name) {
							report(n.Pos(), n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// receiverType is the name of a method's receiver type: T for T, *T, T[K]
// and *T[K, V].
func receiverType(recv *ast.FieldList) string {
	if len(recv.List) == 0 {
		return ""
	}
	expr := recv.List[0].Type
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// hasText reports whether a comment says something; a comment of only
// directives such as //go:generate does not.
func hasText(c *ast.CommentGroup) bool {
	return c != nil && strings.TrimSpace(c.Text()) != ""
}

// checkPackage parses the non-test Go files of dir and fails t for each
// missing doc comment, and once if none of the files has a package doc
// comment. A package main is a program, not API, and is skipped.
func checkPackage(t *testing.T, fset *token.FileSet, root, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)

	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	if len(files) == 0 || files[0].Name.Name == "main" {
		return
	}

	packageDoc := false
	for _, f := range files {
		packageDoc = packageDoc || hasText(f.Doc)
		for _, m := range missingDocComments(fset, f) {
			rel, err := filepath.Rel(root, m.pos.Filename)
			require.NoError(t, err)
			t.Errorf("%s:%d: %s has no doc comment; %s", filepath.ToSlash(rel), m.pos.Line, m.name, howToFix)
		}
	}
	if !packageDoc {
		rel, err := filepath.Rel(root, dir)
		require.NoError(t, err)
		t.Errorf("%s: package %s has no package doc comment; add one, preferably in %s/doc.go, "+
			"that starts \"Package %s\" and says what the package is for",
			filepath.ToSlash(rel), files[0].Name.Name, filepath.ToSlash(rel), files[0].Name.Name)
	}
}

// skipDir reports whether the directory at path holds no public API:
// testdata, hidden directories, the examples/ programs, internal/ packages
// and nested modules.
func skipDir(root, path, name string) bool {
	if name == "testdata" || name == "internal" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	if path == filepath.Join(root, "examples") {
		return true
	}
	_, err := os.Stat(filepath.Join(path, "go.mod"))
	return err == nil
}

// moduleRoot is the directory holding go.mod, found by walking up from the
// test's working directory.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test's working directory")
		dir = parent
	}
}
