// Package govuk holds the GOV.UK Frontend components the web app uses, one
// typed templ component per GOV.UK component, each producing the markup
// GOV.UK Frontend's own Nunjucks macro produces for the options it supports
// (tested against the fixtures.json GOV.UK Frontend ships: govuk_test.go).
//
// Options mirror the macro's parameters, in Go: Text is escaped, a
// templ.Component (HTML, TitleHTML…) is written as it renders, so markup can
// only come from a component, never from a string a person typed. Classes
// and Attributes add to an element as they do in the macros.
//
// The style sheet and script these need are webdemo/frontend's build
// (docs/frontend.md). eops is not a GOV.UK service: there is no crown, and no
// GOV.UK header; GenericHeader is the design system's header for others.
package govuk

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// classes joins a component's own classes with those a caller adds.
func classes(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// or is a, or b when a is empty: the macros' `| default(b, true)`.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Content is what most components show: its HTML when set, else its Text.
type Content struct {
	Text string
	HTML templ.Component
}

// IsZero says there is nothing to show.
func (c Content) IsZero() bool { return c.Text == "" && c.HTML == nil }

// headingLevel is a heading's level, 1 to 6, or def when out of range.
func headingLevel(level, def int) int {
	if level < 1 || level > 6 {
		return def
	}
	return level
}

// boolString writes a bool as the macros write one into an attribute.
func boolString(b bool) string { return strconv.FormatBool(b) }

// panelModifier is the panel's variant class: confirmation, unless the
// caller's classes make it an interruption.
func panelModifier(extra string) string {
	if strings.Contains(extra, "govuk-panel--interruption") {
		return ""
	}
	return "govuk-panel--confirmation"
}

func itoa(i int) string { return strconv.Itoa(i) }
