package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apidiffOutput is what apidiff -m -incompatible printed for a throwaway
// break: a parameter added to a method, a package removed, a field removed,
// a method added to an interface, and a change to a program.
const apidiffOutput = `- ./standards.(*Service).AssignOverseer: changed from func(context.Context, Actor, string, string) (Oversight, error) to func(context.Context, Actor, string, string, ...int) (Oversight, error)
- package github.com/eops/eops/storage/gone: removed
- ./standards.Actor.ExternalID: removed
- ./storage/sqlstore.Store.Vacuum: added
- ./webdemo.Run: removed
`

func TestParseApidiff(t *testing.T) {
	breaks := parseApidiff(apidiffOutput, "github.com/eops/eops", []string{"github.com/eops/eops/webdemo"})
	require.Len(t, breaks, 4, "the change to the program webdemo is not a break")
	assert.Equal(t, Break{Module: "github.com/eops/eops", Package: "./standards", Name: "(*Service).AssignOverseer", Line: breaks[0].Line}, breaks[0])
	assert.Equal(t, Break{Module: "github.com/eops/eops", Package: "./storage/gone", Line: "package github.com/eops/eops/storage/gone: removed"}, breaks[1])
	assert.Equal(t, "Actor.ExternalID", breaks[2].Name)
	assert.Equal(t, "./storage/sqlstore", breaks[3].Package)
	assert.Equal(t, "Store.Vacuum", breaks[3].Name)
}

func TestBreakNames(t *testing.T) {
	breaks := parseApidiff(apidiffOutput, "github.com/eops/eops", nil)
	assert.Equal(t, []string{"(*Service).AssignOverseer", "Service.AssignOverseer",
		"standards.(*Service).AssignOverseer", "standards.Service.AssignOverseer"}, breaks[0].Names())
	assert.Equal(t, []string{"storage/gone", "github.com/eops/eops/storage/gone"}, breaks[1].Names(), "never the bare gone")
	assert.Equal(t, []string{"Store.Vacuum", "sqlstore.Store.Vacuum"}, breaks[3].Names())
	assert.Equal(t, "standards.Service.AssignOverseer", breaks[0].Suggest())
	assert.Equal(t, "storage/gone", breaks[1].Suggest())
	assert.Equal(t, "sqlstore.Store.Vacuum", breaks[3].Suggest())
}

const changelog = "# Changelog\n\nIntro.\n\n" +
	"## [0.2.0] - Unreleased\n\n### Changed\n\n" +
	"- **Breaking:** `standards.Service.AssignOverseer` takes an `OversightPair`.\n" +
	"- `Actor.ExternalID` is gone; a `Store` may now `Vacuum` (mentioned, not named whole); `gone`.\n\n" +
	"## [0.1.0] - 2026-12-06\n\n- First: `Store.Vacuum` here is an older section.\n\n" +
	"[0.2.0]: https://github.com/eops/eops/compare/v0.1.0...HEAD\n"

func TestOnlyTheNewestSectionAnnounces(t *testing.T) {
	log, err := parseChangelog(changelog)
	require.NoError(t, err)
	require.Len(t, log.Sections, 2)
	assert.Equal(t, Version{0, 2, 0}, log.Newest.Version)
	assert.Equal(t, "Unreleased", log.Newest.Date)
	assert.True(t, log.has(Version{0, 1, 0}))

	spans := codeSpans(log.Newest.Body)
	breaks := parseApidiff(apidiffOutput, "github.com/eops/eops", nil)
	assert.True(t, breaks[0].announcedIn(spans), "the package-qualified name without (*T)")
	assert.False(t, breaks[1].announcedIn(spans), "storage/gone is named nowhere; `gone` alone would not do")
	assert.True(t, breaks[2].announcedIn(spans))
	assert.False(t, breaks[3].announcedIn(spans), "`Store.Vacuum` is in an older section only")
}

func TestChangelogHeadings(t *testing.T) {
	for name, text := range map[string]string{
		"Unreleased without a version": "## [Unreleased]\n\n## [0.1.0] - 2026-12-06\n",
		"not newest first":             "## [0.1.0] - 2026-12-06\n\n## [0.2.0] - Unreleased\n",
		"an old section unreleased":    "## [0.2.0] - Unreleased\n\n## [0.1.0] - Unreleased\n",
		"no section":                   "# Changelog\n",
		"a date of another form":       "## [0.2.0] - 7 December 2026\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseChangelog(text)
			assert.Error(t, err)
		})
	}
	log, err := parseChangelog("## [1.0.0] - 2027-01-04\n## [0.2.0] - 2026-12-07\n")
	require.NoError(t, err)
	assert.Equal(t, Version{1, 0, 0}, log.Newest.Version)
}

func TestVersionBreaks(t *testing.T) {
	v := func(s string) Version {
		t.Helper()
		got, err := parseVersion(s)
		require.NoError(t, err)
		return got
	}
	assert.True(t, v("0.2.0").breaks(v("0.1.0")))
	assert.True(t, v("0.2.0").breaks(v("0.1.3")))
	assert.False(t, v("0.1.1").breaks(v("0.1.0")), "a patch version may not break")
	assert.True(t, v("1.0.0").breaks(v("0.9.2")))
	assert.False(t, v("1.1.0").breaks(v("1.0.0")), "after 1.0 only a major version may break")
	assert.True(t, v("2.0.0").breaks(v("1.4.1")))
	assert.Equal(t, v("0.2.0"), v("0.1.3").nextBreaking())
	assert.Equal(t, v("2.0.0"), v("1.4.1").nextBreaking())
	for _, bad := range []string{"0.2", "0.02.0", "x.1.0", "1.0.0-rc.1"} {
		_, err := parseVersion(bad)
		assert.Error(t, err, bad)
	}
}

func TestParseBaseline(t *testing.T) {
	b, err := parseBaseline("# previous version\nv0.1.0 e64416eba0eafea5c6e97e14e137dc834aab28d2\n")
	require.NoError(t, err)
	assert.Equal(t, Baseline{Version{0, 1, 0}, "e64416eba0eafea5c6e97e14e137dc834aab28d2"}, b)
	for _, bad := range []string{"", "v0.1.0 e64416e\n", "0.1.0 e64416eba0eafea5c6e97e14e137dc834aab28d2\n"} {
		_, err := parseBaseline(bad)
		assert.Error(t, err, bad)
	}
}

// TestTheRepositoryAgrees checks the files the check reads: the baseline is
// well formed, the CHANGELOG parses, has the baseline's section, and its
// newest section names a newer version.
func TestTheRepositoryAgrees(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, ".ci", "api-baseline"))
	require.NoError(t, err)
	base, err := parseBaseline(string(raw))
	require.NoError(t, err)
	raw, err = os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	require.NoError(t, err)
	log, err := parseChangelog(string(raw))
	require.NoError(t, err)
	assert.True(t, log.has(base.Version), "CHANGELOG.md has a section for %s", base.Version)
	assert.Positive(t, log.Newest.Version.compare(base.Version), "the newest section is newer than %s", base.Version)
}

func TestExperimentalBreaks(t *testing.T) {
	out := `- ./storage/dataset.Spec.Centres: removed
- package github.com/eops/eops/webdemo/notify: removed
- ./storage/sqlstore.New: changed from func(*bun.DB) to func(*bun.DB, int)
- ./storage/sqlstore.NewSQL: changed from func(*sql.DB) to func(*sql.DB, int)
- ./storage/sqlstore.NewThing: removed
- ./webdemo/app.New: changed from func() to func(int)
`
	var got []bool
	for _, b := range parseApidiff(out, "github.com/eops/eops", nil) {
		got = append(got, b.Experimental())
	}
	assert.Equal(t, []bool{true, true, true, false, false, false}, got)
}

func TestACallAnnouncesItsName(t *testing.T) {
	spans := codeSpans("- `sqlstore.NewSQL(db, dialect)` is `postgres.New(db)`; " +
		"`(*Service).AssignOverseer(ctx, actor, pair)`; `f(g(x))`; `(a)`; `x(`.\n")
	for _, name := range []string{"sqlstore.NewSQL", "postgres.New", "(*Service).AssignOverseer", "f"} {
		assert.True(t, spans[name], name)
	}
	for _, name := range []string{"f(g", "", "x"} {
		assert.False(t, spans[name], name)
	}
}
