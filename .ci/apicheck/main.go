// Command apicheck fails CI when the module's public API breaks compatibility
// with the previous version without the CHANGELOG saying so.
//
// Run it from the repository root, with apidiff (golang.org/x/exp/cmd/apidiff)
// on PATH, as .ci/run does:
//
//	go run ./.ci/apicheck
//
// It reads the previous version and its commit from .ci/api-baseline (a tag
// may not travel with a clone; the file does), extracts that commit into a
// temporary directory with git archive, has apidiff compare the module there
// with the module here, and fails when
//
//   - the baseline commit is not in this clone (a shallow clone: the check
//     cannot be made, so it must not pass);
//   - CHANGELOG.md's newest section does not name a version newer than the
//     baseline, as "## [0.2.0] - Unreleased" or "## [0.2.0] - 2026-12-07";
//   - there is an incompatible change to the stable API and the newest
//     version is not a breaking one (a new minor version while the major is
//     0, a new major after that); a change to what docs/compatibility.md
//     calls experimental may come in any version; or
//   - an incompatible change is not announced: the newest section has no code
//     span (text in backticks) naming it.
//
// docs/compatibility.md states the same rules for the people who write the
// CHANGELOG; keep the two in step.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	baselineFile := flag.String("baseline", ".ci/api-baseline", "file naming the previous version and its commit")
	changelogFile := flag.String("changelog", "CHANGELOG.md", "the changelog whose newest section announces breaks")
	apidiff := flag.String("apidiff", "apidiff", "the apidiff program (golang.org/x/exp/cmd/apidiff)")
	flag.Parse()
	if err := run(*baselineFile, *changelogFile, *apidiff); err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		os.Exit(1)
	}
}

func run(baselineFile, changelogFile, apidiff string) error {
	raw, err := os.ReadFile(baselineFile)
	if err != nil {
		return err
	}
	base, err := parseBaseline(string(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", baselineFile, err)
	}
	raw, err = os.ReadFile(changelogFile)
	if err != nil {
		return err
	}
	log, err := parseChangelog(string(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", changelogFile, err)
	}
	if !log.has(base.Version) {
		return fmt.Errorf("%s has no section for the baseline version %s (%s names it)", changelogFile, base.Version, baselineFile)
	}
	if log.Newest.Version.compare(base.Version) <= 0 {
		return fmt.Errorf("%s: the newest section, [%s], must name a version newer than the baseline v%s", changelogFile, log.Newest.Version, base.Version)
	}
	if _, err := apidiffPath(apidiff); err != nil {
		return err
	}
	if err := haveCommit(base.Commit); err != nil {
		return err
	}

	tmp, err := os.MkdirTemp("", "apicheck-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	old := filepath.Join(tmp, "base")
	if err := extract(base.Commit, old); err != nil {
		return fmt.Errorf("extracting %s: %w", base.Commit, err)
	}
	here, err := os.Getwd()
	if err != nil {
		return err
	}

	var mains []string
	var module string
	exports := map[string]string{old: filepath.Join(tmp, "old.export"), here: filepath.Join(tmp, "new.export")}
	for _, dir := range []string{old, here} {
		m, err := mainPackages(dir)
		if err != nil {
			return err
		}
		mains = append(mains, m...)
		out, err := output(dir, "go", "list", "-m")
		if err != nil {
			return err
		}
		module = strings.TrimSpace(out)
		if _, err := output(dir, apidiff, "-m", "-w", exports[dir], module); err != nil {
			return fmt.Errorf("apidiff could not read the module in %s: %w", dir, err)
		}
		// apidiff takes an argument that is not a file for a module path:
		// make sure it compares the two files, not something else.
		if _, err := os.Stat(exports[dir]); err != nil {
			return fmt.Errorf("apidiff wrote no export data for %s: %w", dir, err)
		}
	}
	report, err := output(here, apidiff, "-m", "-incompatible", exports[old], exports[here])
	if err != nil {
		return err
	}

	breaks := parseApidiff(report, module, mains)
	fmt.Printf("apicheck: %d incompatible change(s) since v%s (%.12s), against CHANGELOG.md [%s]\n",
		len(breaks), base.Version, base.Commit, log.Newest.Version)
	if len(breaks) == 0 {
		return nil
	}
	var stable []Break
	for _, b := range breaks {
		if !b.Experimental() {
			stable = append(stable, b)
		}
	}
	if len(stable) > 0 && !log.Newest.Version.breaks(base.Version) {
		for _, b := range stable {
			fmt.Println("  ", b.Line)
		}
		return fmt.Errorf("[%s] may not break the stable API of %s: make it [%s] (while the major version is 0 a break needs a new minor version, after that a new major)", log.Newest.Version, base.Version, base.Version.nextBreaking())
	}
	spans := codeSpans(log.Newest.Body)
	var missing []Break
	for _, b := range breaks {
		if b.announcedIn(spans) {
			fmt.Println("   announced:", b.Line)
		} else {
			missing = append(missing, b)
		}
	}
	if len(missing) > 0 {
		for _, b := range missing {
			fmt.Println("   NOT announced:", b.Line)
			fmt.Printf("      (write `%s` in the [%s] section, and what to do instead)\n", b.Suggest(), log.Newest.Version)
		}
		return fmt.Errorf("%d incompatible change(s) not announced in the [%s] section of CHANGELOG.md (docs/compatibility.md, \"Announcing a break\")", len(missing), log.Newest.Version)
	}
	return nil
}

// Version is a semantic version without pre-release or build parts, which
// this project does not use.
type Version struct{ Major, Minor, Patch int }

func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

func parseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("%q is not a version like 0.2.0", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("%q is not a version like 0.2.0", s)
		}
		n[i] = v
	}
	return Version{n[0], n[1], n[2]}, nil
}

func (v Version) compare(w Version) int {
	if c := v.Major - w.Major; c != 0 {
		return c
	}
	if c := v.Minor - w.Minor; c != 0 {
		return c
	}
	return v.Patch - w.Patch
}

// breaks reports whether v may break the API of prev: a new major version,
// or while the major is 0 a new minor one (semver.org, item 4).
func (v Version) breaks(prev Version) bool {
	if v.Major != prev.Major {
		return v.Major > prev.Major
	}
	return v.Major == 0 && v.Minor > prev.Minor
}

// nextBreaking is the first version after v that may break its API.
func (v Version) nextBreaking() Version {
	if v.Major == 0 {
		return Version{0, v.Minor + 1, 0}
	}
	return Version{v.Major + 1, 0, 0}
}

// Baseline is the previous version and the commit it was made from.
type Baseline struct {
	Version Version
	Commit  string
}

var commitHash = regexp.MustCompile(`^[0-9a-f]{40}$`)

// parseBaseline reads "v0.1.0 <full commit hash>", ignoring blank lines and
// lines that start with #.
func parseBaseline(s string) (Baseline, error) {
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !strings.HasPrefix(f[0], "v") || !commitHash.MatchString(f[1]) {
			return Baseline{}, fmt.Errorf("want \"vX.Y.Z <40-hex commit>\", got %q", line)
		}
		v, err := parseVersion(f[0])
		if err != nil {
			return Baseline{}, err
		}
		return Baseline{Version: v, Commit: f[1]}, nil
	}
	return Baseline{}, errors.New("no version line")
}

// Section is one version's part of the changelog.
type Section struct {
	Version Version
	Date    string // YYYY-MM-DD, or Unreleased
	Body    string
}

// Changelog holds the version sections of CHANGELOG.md, newest first.
type Changelog struct {
	Newest   Section
	Sections []Section
}

func (c Changelog) has(v Version) bool {
	return slices.ContainsFunc(c.Sections, func(s Section) bool { return s.Version == v })
}

var versionHeading = regexp.MustCompile(`^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2}|Unreleased)$`)

// parseChangelog splits a Keep a Changelog file at its level-two headings.
// Every such heading must name a version: the newest names the version being
// made, so "## [Unreleased]" is refused.
func parseChangelog(s string) (Changelog, error) {
	var c Changelog
	var cur *Section
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.Body = body.String()
			c.Sections = append(c.Sections, *cur)
		}
		body.Reset()
	}
	for line := range strings.Lines(s) {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "## ") {
			flush()
			m := versionHeading.FindStringSubmatch(strings.TrimSpace(trimmed))
			if m == nil {
				return Changelog{}, fmt.Errorf("heading %q must name a version: \"## [0.2.0] - Unreleased\" until it is released, then \"## [0.2.0] - YYYY-MM-DD\"", trimmed)
			}
			v, err := parseVersion(m[1])
			if err != nil {
				return Changelog{}, err
			}
			cur = &Section{Version: v, Date: m[2]}
			continue
		}
		if cur != nil {
			body.WriteString(line)
		}
	}
	flush()
	if len(c.Sections) == 0 {
		return Changelog{}, errors.New("no \"## [X.Y.Z] - date\" section")
	}
	for i := 1; i < len(c.Sections); i++ {
		if c.Sections[i].Version.compare(c.Sections[i-1].Version) >= 0 {
			return Changelog{}, fmt.Errorf("sections must run newest first: [%s] comes after [%s]", c.Sections[i].Version, c.Sections[i-1].Version)
		}
		if c.Sections[i].Date == "Unreleased" {
			return Changelog{}, fmt.Errorf("only the newest section may be Unreleased, not [%s]", c.Sections[i].Version)
		}
	}
	c.Newest = c.Sections[0]
	return c, nil
}

var codeSpan = regexp.MustCompile("`([^`\n]+)`")

// codeSpans returns the text of every single-backtick code span in s and,
// for a span that is a call, such as `sqlstore.NewSQL(db, dialect)`, also
// the name called: the text before the first parenthesis that follows a
// name.
func codeSpans(s string) map[string]bool {
	spans := map[string]bool{}
	for _, m := range codeSpan.FindAllStringSubmatch(s, -1) {
		span := strings.TrimSpace(m[1])
		spans[span] = true
		if !strings.HasSuffix(span, ")") {
			continue
		}
		for i := 1; i < len(span); i++ {
			if span[i] == '(' && isNameByte(span[i-1]) {
				spans[span[:i]] = true
				break
			}
		}
	}
	return spans
}

func isNameByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// Break is one incompatible change as apidiff reports it.
type Break struct {
	Line    string // apidiff's line, without the leading "- "
	Module  string // the module's path
	Package string // the package's path in the module, with "./" as apidiff -m writes it
	Name    string // the identifier within the package; empty when the whole package changed
}

// parseApidiff reads the output of apidiff -m -incompatible on module. A
// change to a main package (mains, by import path) is not a break: nothing
// imports it.
func parseApidiff(out, module string, mains []string) []Break {
	var breaks []Break
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "- ") {
			continue
		}
		line = strings.TrimPrefix(line, "- ")
		subject, _, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		var b Break
		if pkg, ok := strings.CutPrefix(subject, "package "); ok {
			// A whole package is named by its import path.
			if rel, ok := strings.CutPrefix(pkg, module+"/"); ok {
				pkg = "./" + rel
			}
			b = Break{Line: line, Package: pkg}
		} else {
			slash := strings.LastIndex(subject, "/")
			dot := strings.Index(subject[slash+1:], ".")
			if dot < 0 {
				continue
			}
			dot += slash + 1
			b = Break{Line: line, Package: subject[:dot], Name: subject[dot+1:]}
		}
		b.Module = module
		if !isMain(b.Package, mains) {
			breaks = append(breaks, b)
		}
	}
	return breaks
}

func isMain(pkg string, mains []string) bool {
	rel := strings.TrimPrefix(pkg, "./")
	return slices.ContainsFunc(mains, func(m string) bool {
		return m == pkg || strings.HasSuffix(m, "/"+rel)
	})
}

// experimental lists what docs/compatibility.md calls experimental: whole
// packages by their path in the module, and identifiers as path.Name. A
// break there must be announced like any other, but any version may make
// it. Keep the two lists in step.
var experimental = []string{
	"webdemo/api",
	"storage/dataset",
	"webdemo/accounts",
	"webdemo/notify",
	"storage/sqlstore.New",
	"storage/sqlstore.WithQueryHook",
	"storage/sqlstore.Engine",
	"storage/sqlstore.NewEngine",
}

// Experimental reports whether b is in a package or identifier that
// docs/compatibility.md calls experimental.
func (b Break) Experimental() bool {
	rel := strings.TrimPrefix(b.Package, "./")
	return slices.ContainsFunc(experimental, func(e string) bool {
		if b.Name == "" {
			return rel == e || strings.HasSuffix(rel, "/"+e)
		}
		name := pointerReceiver.ReplaceAllString(b.Name, "$1.")
		return rel == e || rel+"."+name == e || strings.HasPrefix(rel+"."+name, e+".")
	})
}

// Names lists the code spans that announce b, the first the one to suggest.
// For an identifier: apidiff's name, with "(*T)." also accepted as "T.", each
// bare or after the package's name ("(*Service).AssignOverseer",
// "Service.AssignOverseer", "standards.Service.AssignOverseer"). For a whole
// package: its path within the module, or its import path.
func (b Break) Names() []string {
	rel := strings.TrimPrefix(b.Package, "./")
	if b.Name == "" {
		// Only the whole path, never the package's bare name: a changelog
		// that mentions `sqlstore` has not said the package is gone.
		return []string{rel, b.Module + "/" + rel}
	}
	plain := pointerReceiver.ReplaceAllString(b.Name, "$1.")
	names := []string{b.Name}
	if plain != b.Name {
		names = append(names, plain)
	}
	pkg := path.Base(rel)
	for _, n := range slices.Clone(names) {
		names = append(names, pkg+"."+n)
	}
	return names
}

// Suggest is the announcing name to print: the least ambiguous one, with
// the package's name and without the (*T) of a pointer receiver, or a
// package's path in the module.
func (b Break) Suggest() string {
	names := b.Names()
	if b.Name == "" {
		return names[0] // the path in the module
	}
	return names[len(names)-1]
}

var pointerReceiver = regexp.MustCompile(`^\(\*(\w+)\)\.`)

func (b Break) announcedIn(spans map[string]bool) bool {
	return slices.ContainsFunc(b.Names(), func(n string) bool { return spans[n] })
}

// haveCommit fails when commit is not in this clone, saying why if the clone
// is shallow: the check cannot be made then, and must not pass.
func haveCommit(commit string) error {
	if _, err := output("", "git", "cat-file", "-e", commit+"^{commit}"); err == nil {
		return nil
	}
	shallow, _ := output("", "git", "rev-parse", "--is-shallow-repository")
	if strings.TrimSpace(shallow) == "true" {
		return fmt.Errorf("the baseline commit %s is not in this shallow clone; fetch the history (git fetch --unshallow) and run again", commit)
	}
	return fmt.Errorf("the baseline commit %s is not in this repository", commit)
}

// extract writes the tree of commit into dir, as git archive gives it.
func extract(commit, dir string) error {
	cmd := exec.Command("git", "archive", "--format=tar", commit)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	extractErr := untar(bufio.NewReader(pipe), dir)
	_, _ = io.Copy(io.Discard, pipe)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git archive: %w: %s", err, stderr.String())
	}
	return extractErr
}

func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(name, filepath.Clean(dir)+string(filepath.Separator)) {
			return fmt.Errorf("archive entry %q leaves the directory", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(name, 0o755)
		case tar.TypeReg:
			err = writeFile(name, tr, h.FileInfo().Mode().Perm())
		case tar.TypeSymlink:
			err = os.Symlink(h.Linkname, name)
		}
		if err != nil {
			return err
		}
	}
}

func writeFile(name string, r io.Reader, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// mainPackages lists the import paths of the programs in the module at dir.
func mainPackages(dir string) ([]string, error) {
	out, err := output(dir, "go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...")
	if err != nil {
		return nil, err
	}
	return strings.Fields(out), nil
}

// output runs a program in dir and returns its standard output; its standard
// error goes into the error when it fails.
func output(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// apidiffPath finds apidiff, saying how to install it when it is missing.
func apidiffPath(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found: go install golang.org/x/exp/cmd/apidiff@<version pinned in .ci/run>", name)
	}
	return p, nil
}
