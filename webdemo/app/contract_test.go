package app_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eops/eops/standards"
	"github.com/eops/eops/storage/memory"
	"github.com/eops/eops/webdemo/accounts"
	"github.com/eops/eops/webdemo/app"
)

// contractDoc is the written contract the test holds the app to.
const contractDoc = "../../docs/app-contract.md"

// contractRow is a row of the contract's route table: | `GET HEAD` | `/path` | …
var contractRow = regexp.MustCompile("^\\| `([A-Z ]+)` \\| `((?:[^`\\\\]|\\\\.)+)` \\|([^|]*)\\|")

// TestTheAppContractIsWrittenDown fails when docs/app-contract.md and the
// app drift apart: a route of the router (with every option that adds
// routes) that the table leaves out, a row for a route the router does not
// have, or a form field, query parameter or header the app's source reads
// that the page does not name. Hosts build on what the page says (issue
// 20, item 7), so a change to either has to change both.
func TestTheAppContractIsWrittenDown(t *testing.T) {
	raw, err := os.ReadFile(contractDoc)
	require.NoError(t, err)
	doc := string(raw)

	t.Run("routes", func(t *testing.T) {
		written := map[string]bool{}
		optional := map[string]bool{} // routes that exist only with an option
		for _, line := range strings.Split(doc, "\n") {
			m := contractRow.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			path := strings.ReplaceAll(m[2], `\|`, "|") // a | inside a table cell is escaped
			for _, method := range strings.Fields(m[1]) {
				key := method + " " + path
				assert.False(t, written[key], "%s is in the table twice", key)
				written[key] = true
				// "404 without `WithCredentials`" is a route that is always
				// there; "`WithAccounts`" is one that is not.
				optional[key] = strings.HasPrefix(strings.TrimSpace(m[3]), "`With")
			}
		}
		require.NotEmpty(t, written, "no route table found in %s", contractDoc)

		routes, err := app.Routes(standards.New(memory.New()), attackOptions(t, time.Now, accounts.New(accounts.NewMemoryStore()), &inbox{})...)
		require.NoError(t, err)
		served := map[string]bool{}
		for _, r := range routes {
			for _, method := range r.Methods {
				served[method+" "+r.Template] = true
			}
		}
		for key := range served {
			assert.True(t, written[key], "the app serves %s, which %s does not list", key, contractDoc)
		}
		for key := range written {
			assert.True(t, served[key], "%s lists %s, which the app does not serve", contractDoc, key)
		}

		// The "Only with" column: what an app with no options serves.
		bare, err := app.Routes(standards.New(memory.New()))
		require.NoError(t, err)
		always := map[string]bool{}
		for _, r := range bare {
			for _, method := range r.Methods {
				always[method+" "+r.Template] = true
			}
		}
		for key := range written {
			if optional[key] {
				assert.False(t, always[key], "%s says %s needs an option, but an app without options serves it", contractDoc, key)
			} else {
				assert.True(t, always[key], "%s says %s needs no option, but an app without options does not serve it", contractDoc, key)
			}
		}
	})

	t.Run("fields", func(t *testing.T) {
		names := readNames(t)
		// The reader must find what it is known to read, or the check
		// below would pass on nothing.
		for _, known := range []string{"password", "registration", "roles", "state_", "confirm_values", "cpd", "before", "HX-Request"} {
			require.Contains(t, names, known, "the source reader no longer finds %q: has the app's way of reading forms changed?", known)
		}
		for _, name := range names {
			// A name the source joins to an id ("state_" + id) is written
			// `state_{target}`; a whole name is written `name`.
			// A header may be written with its value, `HX-Request: true`.
			want := regexp.MustCompile("`" + regexp.QuoteMeta(name) + "[`:]")
			if strings.HasSuffix(name, "_") {
				want = regexp.MustCompile("`" + regexp.QuoteMeta(name) + "\\{")
			}
			assert.True(t, want.MatchString(doc), "the app reads %q, which %s does not name", name, contractDoc)
		}
	})
}

// readNames returns every form field, query parameter and request header
// name the app's own (non-test) source reads, by walking its syntax: the
// calls that read a request (PostFormValue, FormValue, FormFile, and Get on
// a query or a header), PostForm["x"] and Form["x"], and the app's helpers
// that take field names (formValues, paginate, readDay, and
// confirmations' on).
func readNames(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	set := map[string]bool{}
	add := func(e ast.Expr) {
		if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			e = b.X // "state_" + id: the fixed part
		}
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		set[s] = true
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				switch fun := n.Fun.(type) {
				case *ast.SelectorExpr:
					switch fun.Sel.Name {
					case "PostFormValue", "FormValue", "FormFile":
						add(n.Args[0])
					case "Get":
						if len(n.Args) == 1 && readsRequest(fun.X) {
							add(n.Args[0])
						}
					}
				case *ast.Ident:
					switch fun.Name {
					case "formValues":
						for _, a := range n.Args[1:] {
							add(a)
						}
					case "paginate", "readDay":
						add(n.Args[1])
					case "on":
						add(n.Args[0])
					}
				}
			case *ast.IndexExpr:
				if sel, ok := n.X.(*ast.SelectorExpr); ok && slices.Contains([]string{"PostForm", "Form"}, sel.Sel.Name) {
					add(n.Index)
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// readsRequest says x, the receiver of a Get, is a request's query or
// headers: r.URL.Query(), r.Header, or q, the name the handlers give a
// query they read more than once.
func readsRequest(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Query"
	case *ast.SelectorExpr:
		return x.Sel.Name == "Header"
	case *ast.Ident:
		return x.Name == "q"
	}
	return false
}
