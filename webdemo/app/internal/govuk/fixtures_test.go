package govuk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The tests here render each component with the options of each fixture
// GOV.UK Frontend ships for it (testdata/<name>.json) and compare the HTML,
// normalised, with the fixture's. A fixture using an option our component
// does not have is skipped, saying which: run with -v to see them.

// fixture is one of a component's fixtures.
type fixture struct {
	Name    string         `json:"name"`
	Options map[string]any `json:"options"`
	HTML    string         `json:"html"`
}

func loadFixtures(t *testing.T, component string) []fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", component+".json"))
	require.NoError(t, err)
	var f struct {
		Fixtures []fixture `json:"fixtures"`
	}
	require.NoError(t, json.Unmarshal(b, &f))
	require.NotEmpty(t, f.Fixtures)
	return f.Fixtures
}

// reader reads a fixture's options, noting each one read, so that an
// option no adapter read shows as one the component does not support.
type reader struct {
	used map[string]bool
	// unsupported says why, when an option's value has a form the
	// component cannot take.
	unsupported []string
}

// opts is an object among a fixture's options, at path.
type opts struct {
	r    *reader
	path string
	m    map[string]any
}

func (o opts) key(k string) string {
	if o.path == "" {
		return k
	}
	return o.path + "." + k
}

func (o opts) get(k string) (any, bool) {
	v, ok := o.m[k]
	if ok {
		o.r.used[o.key(k)] = true
	}
	return v, ok
}

func (o opts) str(k string) string {
	v, ok := o.get(k)
	if !ok || v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

func (o opts) boolean(k string) bool {
	v, _ := o.get(k)
	b, _ := v.(bool)
	return b
}

func (o opts) optBool(k string) *bool {
	v, ok := o.get(k)
	if !ok {
		return nil
	}
	b, isBool := v.(bool)
	if !isBool {
		o.r.unsupported = append(o.r.unsupported, o.key(k)+" is not a bool")
		return nil
	}
	return &b
}

func (o opts) integer(k string) int {
	v, _ := o.get(k)
	f, _ := v.(float64)
	return int(f)
}

func (o opts) has(k string) bool { _, ok := o.m[k]; return ok }

func (o opts) obj(k string) opts {
	v, _ := o.get(k)
	m, _ := v.(map[string]any)
	return opts{r: o.r, path: o.key(k), m: m}
}

func (o opts) list(k string) []opts {
	v, _ := o.get(k)
	l, _ := v.([]any)
	var out []opts
	for i, x := range l {
		m, ok := x.(map[string]any)
		if !ok {
			// GOV.UK's macros skip a falsy item (null, false, "") but
			// count it in the ids they number; a Go slice holds no such
			// item.
			o.r.unsupported = append(o.r.unsupported, fmt.Sprintf("%s[%d] is %v, an item a typed list cannot hold", o.key(k), i, x))
			continue
		}
		path := fmt.Sprintf("%s[%d]", o.key(k), i)
		o.r.used[path] = true
		out = append(out, opts{r: o.r, path: path, m: m})
	}
	return out
}

// content reads text and html (or the names given) as Content.
func (o opts) content(textKey, htmlKey string) Content {
	c := Content{Text: o.str(textKey)}
	if h := o.str(htmlKey); h != "" {
		c.HTML = templ.Raw(h)
	}
	return c
}

func (o opts) text() Content { return o.content("text", "html") }

// attrs reads attributes; a value of GOV.UK's {value, optional} form is
// not supported.
func (o opts) attrs(k string) templ.Attributes {
	v, ok := o.get(k)
	if !ok {
		return nil
	}
	m, _ := v.(map[string]any)
	a := templ.Attributes{}
	for name, val := range m {
		switch val := val.(type) {
		case map[string]any:
			o.r.unsupported = append(o.r.unsupported, o.key(k)+"."+name+" has the {value, optional} form")
		case bool:
			a[name] = val
		default:
			a[name] = fmt.Sprint(val)
		}
	}
	return a
}

// unread lists the options no adapter read.
func (r *reader) unread(path string, v any) []string {
	if r.used[path] {
		if m, ok := v.(map[string]any); ok {
			var out []string
			for k, x := range m {
				out = append(out, r.unread(join(path, k), x)...)
			}
			return out
		}
		if l, ok := v.([]any); ok {
			var out []string
			for i, x := range l {
				if _, isObj := x.(map[string]any); isObj {
					out = append(out, r.unread(fmt.Sprintf("%s[%d]", path, i), x)...)
				}
			}
			return out
		}
		return nil
	}
	return []string{path}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// attributesKeys are read whole: their members are names, not options.
var attributesKeys = []string{"attributes"}

// testFixtures renders each fixture of component with build and compares.
// It returns how many were compared.
func testFixtures(t *testing.T, component string, build func(o opts) templ.Component) int {
	t.Helper()
	compared := 0
	for _, f := range loadFixtures(t, component) {
		r := &reader{used: map[string]bool{}}
		c := build(opts{r: r, m: f.Options})
		var unread []string
		for k, v := range f.Options {
			unread = append(unread, r.unread(k, v)...)
		}
		// attribute maps are read whole
		unread = slices.DeleteFunc(unread, func(p string) bool {
			for _, a := range attributesKeys {
				if strings.Contains(p, a+".") {
					return r.used[p[:strings.Index(p, a+".")+len(a)]]
				}
			}
			return false
		})
		sort.Strings(unread)
		reasons := append(r.unsupported, unread...)
		t.Run(f.Name, func(t *testing.T) {
			if len(reasons) > 0 {
				t.Skipf("not supported: %s", strings.Join(reasons, ", "))
			}
			var b bytes.Buffer
			require.NoError(t, c.Render(context.Background(), &b))
			assert.Equal(t, normalise(t, f.HTML), normalise(t, b.String()), "fixture %q", f.Name)
		})
		if len(reasons) == 0 {
			compared++
		}
	}
	require.Positive(t, compared, "no fixture of %s was compared", component)
	t.Logf("%s: %d fixtures compared", component, compared)
	return compared
}

// normalise writes HTML in one canonical form: attributes sorted, classes
// and text with their runs of white space made one space, white space
// between elements dropped, entities written one way, comments dropped.
func normalise(t *testing.T, s string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	require.NoError(t, err)
	var b strings.Builder
	for _, n := range nodes {
		writeNode(&b, n)
	}
	return b.String()
}

var voidElements = map[string]bool{"input": true, "br": true, "hr": true, "img": true, "meta": true, "link": true, "path": true, "circle": true, "rect": true}

func writeNode(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		text := strings.Join(strings.Fields(n.Data), " ")
		if text != "" {
			b.WriteString(html.EscapeString(text))
			b.WriteByte('\n')
		}
	case html.ElementNode:
		attrs := slices.Clone(n.Attr)
		sort.Slice(attrs, func(i, j int) bool { return attrs[i].Key < attrs[j].Key })
		b.WriteString("<" + n.Data)
		for _, a := range attrs {
			v := a.Val
			if a.Key == "class" {
				v = strings.Join(strings.Fields(v), " ")
			}
			fmt.Fprintf(b, " %s=%q", a.Key, v)
		}
		b.WriteString(">\n")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeNode(b, c)
		}
		if !voidElements[n.Data] {
			b.WriteString("</" + n.Data + ">\n")
		}
	}
}

// TestNormalise: the comparison ignores only what HTML does not mean
// (attribute order, white space between tags, how an entity is written),
// and sees every other difference.
func TestNormalise(t *testing.T) {
	same := func(a, b string) { t.Helper(); assert.Equal(t, normalise(t, a), normalise(t, b)) }
	differ := func(a, b string) { t.Helper(); assert.NotEqual(t, normalise(t, a), normalise(t, b)) }
	same(`<a href="/" class="x  y">Go</a>`, "<a class=\"x y\" href=\"/\">\n  Go\n</a>")
	same(`<p>&quot;a&quot; &amp; b</p>`, `<p>&#34;a&#34; &amp; b</p>`)
	same(`<input disabled>`, `<input disabled="">`)
	differ(`<a href="/">Go</a>`, `<a href="/x">Go</a>`)
	differ(`<a class="x y">Go</a>`, `<a class="y x">Go</a>`)
	differ(`<p>Go</p>`, `<p>Go now</p>`)
	differ(`<p>Go</p>`, `<div>Go</div>`)
	differ(`<p>Go</p>`, `<p id="a">Go</p>`)
	differ(`<p><span>a</span></p>`, `<p>a</p>`)
}
