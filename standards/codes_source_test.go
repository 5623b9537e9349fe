package standards_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFieldErrorInTheSourceHasACode reads the module's Go source, not
// its tests, and fails on any FieldError built without a Code, or given a
// code written as a bare string rather than one of the FieldCode
// constants: so a validation added later, by anyone, cannot leave a form
// field a host is unable to translate. The runtime tests (TestFieldCodes…,
// requireFields in the fuzz targets) check the codes' values.
func TestEveryFieldErrorInTheSourceHasACode(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	var seen int
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if isFieldErrorType(n.Type) {
					seen++
					checkFieldErrorLit(t, fset, n)
				}
				if at, ok := n.Type.(*ast.ArrayType); ok && isFieldErrorType(at.Elt) {
					for _, el := range n.Elts {
						if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
							seen++
							checkFieldErrorLit(t, fset, lit)
						}
					}
				}
			case *ast.CallExpr:
				// The helpers that build FieldErrors take the code as an
				// argument: invalid(field, code, ...), v.check(ok, field,
				// code, ...) and the demo's invalidField(field, code, ...).
				at := -1
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					if fn.Name == "invalid" || fn.Name == "invalidField" {
						at = 1
					}
				case *ast.SelectorExpr:
					if fn.Sel.Name == "check" && len(n.Args) == 5 {
						at = 2
					}
				}
				if at >= 0 && at < len(n.Args) {
					seen++
					if _, bare := n.Args[at].(*ast.BasicLit); bare {
						t.Errorf("%s: a field error's code is a bare string: use a FieldCode constant", fset.Position(n.Pos()))
					}
				}
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, seen, 80, "the walk found the library's field errors")
}

func isFieldErrorType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "FieldError"
	case *ast.SelectorExpr:
		return e.Sel.Name == "FieldError"
	}
	return false
}

func checkFieldErrorLit(t *testing.T, fset *token.FileSet, lit *ast.CompositeLit) {
	t.Helper()
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			t.Errorf("%s: a FieldError built without field names", fset.Position(lit.Pos()))
			return
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Code" {
			if _, bare := kv.Value.(*ast.BasicLit); bare {
				t.Errorf("%s: a FieldError's code is a bare string: use a FieldCode constant", fset.Position(lit.Pos()))
			}
			return
		}
	}
	if len(lit.Elts) > 0 {
		t.Errorf("%s: a FieldError without a Code", fset.Position(lit.Pos()))
	}
}
