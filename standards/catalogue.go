package standards

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// CatalogueItem is one suggested area of the Tracker page's list: something
// a target can be drawn from.
type CatalogueItem struct {
	// ID is stable across years, so a target keeps naming its item.
	ID    string
	Area  KeyArea
	Title string
	// Tags place the item: "audience:new", "audience:existing" or
	// "audience:all"; "phase:…" for the six phases of the exams cycle;
	// "integrity" for the integrity and security topics.
	Tags []string
}

// HasTag reports whether the item carries tag.
func (i CatalogueItem) HasTag(tag string) bool { return slices.Contains(i.Tags, tag) }

// Phase is one of the six phases of the exams cycle, as a tag and a title.
type Phase struct {
	Tag   string
	Title string
}

// WayToLearn is a kind of support offered when agreeing how a target will be
// met.
type WayToLearn struct {
	ID     string
	Title  string
	Advice string
}

// Template is a starter set of targets an overseer applies in one step.
type Template struct {
	ID          string
	Name        string
	Description string
	Targets     []TemplateTarget
}

// TemplateTarget is a target of a template, drawn from a catalogue item.
type TemplateTarget struct {
	ItemID         string
	SuccessMeasure string
}

// CatalogueEdition is the catalogue for academic years from Year on, until a
// later edition.
type CatalogueEdition struct {
	Year        AcademicYear
	Items       []CatalogueItem
	Phases      []Phase
	WaysToLearn []WayToLearn
	Templates   []Template
}

// Item finds an item by id.
func (e CatalogueEdition) Item(id string) (CatalogueItem, bool) {
	i := slices.IndexFunc(e.Items, func(it CatalogueItem) bool { return it.ID == id })
	if i < 0 {
		return CatalogueItem{}, false
	}
	return e.Items[i], true
}

// Template finds a template by id.
func (e CatalogueEdition) Template(id string) (Template, bool) {
	i := slices.IndexFunc(e.Templates, func(t Template) bool { return t.ID == id })
	if i < 0 {
		return Template{}, false
	}
	return e.Templates[i], true
}

// Filter lists the items in area (or every area when ""), carrying every
// tag given: Filter(AreaKnowledge, "audience:new", "phase:entries").
func (e CatalogueEdition) Filter(area KeyArea, tags ...string) []CatalogueItem {
	var out []CatalogueItem
	for _, it := range e.Items {
		if area != "" && it.Area != area {
			continue
		}
		if slices.ContainsFunc(tags, func(t string) bool { return t != "" && !it.HasTag(t) }) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// Validate checks that the edition is usable: items with unique ids, a target
// area and a title; templates naming items that exist.
func (e CatalogueEdition) Validate() error {
	var v validation
	v.add("catalogue.year", e.Year.Validate())
	seen := map[string]bool{}
	for _, it := range e.Items {
		v.check(it.ID != "" && !seen[it.ID], "catalogue.items", FieldDuplicate, params("value", it.ID), fmt.Sprintf("item id %q is empty or repeated", it.ID))
		seen[it.ID] = true
		v.check(it.Area == AreaKnowledge || it.Area == AreaSkills, "catalogue.items", FieldNotInList, params("value", string(it.Area)), fmt.Sprintf("item %q has area %q", it.ID, it.Area))
		v.check(strings.TrimSpace(it.Title) != "", "catalogue.items", FieldRequired, nil, fmt.Sprintf("item %q has no title", it.ID))
	}
	for _, t := range e.Templates {
		for _, tt := range t.Targets {
			v.check(seen[tt.ItemID], "catalogue.templates", FieldNotInList, params("value", tt.ItemID), fmt.Sprintf("template %q names unknown item %q", t.ID, tt.ItemID))
		}
	}
	return v.err()
}

// Catalogue holds the editions of the suggested areas, one per year it
// changed. The library ships one (DefaultCatalogue); a host replaces it with
// WithCatalogue, or extends it with Publish.
type Catalogue struct {
	editions []CatalogueEdition // by year, oldest first
}

// For returns the edition in force in year: the latest at or before it, or
// the earliest if all are later.
func (c *Catalogue) For(year AcademicYear) CatalogueEdition {
	if len(c.editions) == 0 {
		return CatalogueEdition{Year: year}
	}
	best := c.editions[0]
	for _, e := range c.editions {
		if e.Year <= year {
			best = e
		}
	}
	return best
}

// Publish adds or replaces the edition for e.Year.
func (c *Catalogue) Publish(e CatalogueEdition) error {
	if err := e.Validate(); err != nil {
		return err
	}
	c.editions = slices.DeleteFunc(c.editions, func(old CatalogueEdition) bool { return old.Year == e.Year })
	c.editions = append(c.editions, e)
	slices.SortFunc(c.editions, func(a, b CatalogueEdition) int { return int(a.Year - b.Year) })
	return nil
}

//go:embed data/catalogue-*.json
var catalogueFiles embed.FS

// DefaultCatalogue returns the catalogue shipped with the library: the
// suggested areas of Knowledge and Understanding and Key Skills, the phases
// of the exams cycle, ways to learn, and the "new exams officer" and
// "experienced exams officer" templates from the toolkit's case studies.
// Each call returns a new Catalogue the caller may change.
func DefaultCatalogue() *Catalogue {
	c := &Catalogue{}
	names, _ := fs.Glob(catalogueFiles, "data/catalogue-*.json")
	for _, name := range names {
		b, _ := catalogueFiles.ReadFile(name)
		e, err := ReadCatalogueEdition(b)
		if err != nil {
			panic("standards: shipped catalogue " + name + ": " + err.Error())
		}
		if err := c.Publish(e); err != nil {
			panic("standards: shipped catalogue " + name + ": " + err.Error())
		}
	}
	return c
}

// ReadCatalogueEdition reads an edition from JSON in the shipped format
// (see data/catalogue-2025.json), so a host can keep its own as a file.
func ReadCatalogueEdition(b []byte) (CatalogueEdition, error) {
	var f catalogueFile
	if err := json.Unmarshal(b, &f); err != nil {
		return CatalogueEdition{}, invalid("catalogue", FieldUnreadable, params("detail", err.Error()), "not a catalogue: %v", err)
	}
	y, err := ParseAcademicYear(f.Year)
	if err != nil {
		return CatalogueEdition{}, err
	}
	e := CatalogueEdition{Year: y}
	for _, it := range f.Items {
		e.Items = append(e.Items, CatalogueItem{ID: it.ID, Area: KeyArea(it.Area), Title: it.Title, Tags: it.Tags})
	}
	for _, p := range f.Phases {
		e.Phases = append(e.Phases, Phase(p))
	}
	for _, w := range f.WaysToLearn {
		e.WaysToLearn = append(e.WaysToLearn, WayToLearn(w))
	}
	for _, t := range f.Templates {
		tt := Template{ID: t.ID, Name: t.Name, Description: t.Description}
		for _, target := range t.Targets {
			tt.Targets = append(tt.Targets, TemplateTarget{ItemID: target.Item, SuccessMeasure: target.SuccessMeasure})
		}
		e.Templates = append(e.Templates, tt)
	}
	return e, e.Validate()
}

// catalogueFile is the JSON format of a shipped catalogue edition.
type catalogueFile struct {
	Year  string `json:"year"`
	Items []struct {
		ID    string   `json:"id"`
		Area  string   `json:"area"`
		Title string   `json:"title"`
		Tags  []string `json:"tags"`
	} `json:"items"`
	Phases []struct {
		Tag   string `json:"tag"`
		Title string `json:"title"`
	} `json:"phases"`
	WaysToLearn []struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Advice string `json:"advice"`
	} `json:"ways_to_learn"`
	Templates []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Targets     []struct {
			Item           string `json:"item"`
			SuccessMeasure string `json:"success_measure"`
		} `json:"targets"`
	} `json:"templates"`
}
