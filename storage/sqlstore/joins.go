package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/uptrace/bun/schema"

	"github.com/eops/eops/standards"
)

// On a store that prepares (prepared.go), two reads that the service makes
// one after the other are made as one join, and the transaction keeps the
// second table's rows for the call that asks for them next:
//
//   - a centre's registrations come with their people (tx.people), which
//     a roster asks for next (People);
//   - the actor, read by e-mail at the start of every call, comes with the
//     trusts they lead (tx.leads), which their standing asks for next
//     (TrustsLedBy).
//
// Each saves a statement on every page that shows a centre's members or a
// record (docs/benchmarks.md). What the transaction changes is forgotten,
// so that it is read afresh: a person it creates or updates, the leads of
// a person it appoints or removes.

// joinField is a column of a join of two tables: a field of the first
// table's row struct (alias a) or of the second's (alias b).
type joinField struct {
	*schema.Field
	second bool
}

// join is a kept join: its text, and its columns in the text's order.
type join struct {
	text   string
	fields []joinField
}

// join gives the join kept under key, writing it the first time: a select
// of the columns of the row structs first (from table, as a) and second
// (from other, as b), joined with kind, then rest: how the two meet and the
// rest of the statement.
func (t *tx) join(key *read, first, second reflect.Type, table, kind, other, rest string) join {
	if kept, ok := t.s.texts.Load(keptText{r: key}); ok {
		return kept.(join)
	}
	var fields []joinField
	for _, f := range t.db.Table(first).Fields {
		fields = append(fields, joinField{f, false})
	}
	for _, f := range t.db.Table(second).Fields {
		fields = append(fields, joinField{f, true})
	}
	gen := t.db.QueryGen()
	b := []byte("SELECT ")
	for i, f := range fields {
		if i > 0 {
			b = append(b, ", "...)
		}
		alias := "a."
		if f.second {
			alias = "b."
		}
		b = gen.AppendName(append(b, alias...), f.Name)
	}
	b = gen.AppendIdent(append(b, " FROM "...), t.s.prefix+table)
	b = append(append(append(b, " AS a "...), kind...), ' ')
	b = gen.AppendIdent(b, t.s.prefix+other)
	b = append(append(b, " AS b "...), rest...)
	j := join{text: string(b), fields: fields}
	t.s.texts.Store(keptText{r: key}, j)
	return j
}

// readJoined runs j with args and gives each row to each as the two row
// structs it holds; found says whether the second table had a row (a LEFT
// JOIN that found none gives NULL for all its columns).
func readJoined[A, B any](ctx context.Context, t *tx, j join, args []any, each func(a *A, b *B, found bool)) error {
	fields := j.fields
	return translate(t.hooked(ctx, j.text, args, func(ctx context.Context) error {
		rows, err := t.conn.QueryContext(ctx, j.text, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		values := make([]any, len(fields))
		dest := make([]any, len(fields))
		for i := range values {
			dest[i] = &values[i]
		}
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			var a A
			var b B
			av, bv := reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem()
			found := false
			for i, f := range fields {
				into := av
				if f.second {
					into, found = bv, found || values[i] != nil
				}
				if err := f.ScanValue(into, values[i]); err != nil {
					return err
				}
			}
			each(&a, &b, found)
		}
		return rows.Err()
	}))
}

// membersOfCentreYear and personWithLeads name the two kept joins; join
// writes them, as bun writes no such joins.
var (
	membersOfCentreYear = &read{table: "registrations"}
	personWithLeads     = &read{table: "people"}
)

// registrationsWithPeople is RegistrationsByCentre on a store that
// prepares: it keeps each registration's person for People.
func (t *tx) registrationsWithPeople(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	j := t.join(membersOfCentreYear, reflect.TypeFor[registrationRow](), reflect.TypeFor[personRow](), "registrations", "JOIN", "people",
		"ON b.id = a.person_id WHERE a.centre_id = ? AND a.year = ? ORDER BY a.requested_at, a.id")
	out := []standards.Registration{}
	err := readJoined(ctx, t, j, []any{centreID, int64(year)}, func(reg *registrationRow, person *personRow, _ bool) {
		out = append(out, reg.registration())
		if t.people == nil {
			t.people = map[string]standards.Person{}
		}
		t.people[person.ID] = person.person()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// keptPeople gives the people with ids, in their order, if the
// transaction keeps every one of them.
func (t *tx) keptPeople(ids []string) ([]standards.Person, bool) {
	if t.people == nil {
		return nil, false
	}
	out := make([]standards.Person, 0, len(ids))
	for _, id := range ids {
		p, ok := t.people[id]
		if !ok {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// personByEmailWithLeads is PersonByEmail on a store that prepares: it
// keeps the trusts the person leads for TrustsLedBy.
func (t *tx) personByEmailWithLeads(ctx context.Context, email string) (standards.Person, error) {
	j := t.join(personWithLeads, reflect.TypeFor[personRow](), reflect.TypeFor[trustLeadRow](), "people", "LEFT JOIN", "trust_leads",
		"ON b.person_id = a.id WHERE a.email = ?")
	var person standards.Person
	leads := []standards.TrustLead{}
	err := readJoined(ctx, t, j, []any{email}, func(p *personRow, l *trustLeadRow, found bool) {
		person = p.person()
		if found {
			leads = append(leads, l.trustLead())
		}
	})
	if err != nil {
		return standards.Person{}, err
	}
	if person.ID == "" {
		return standards.Person{}, fmt.Errorf("person with e-mail: %w", standards.ErrNotFound)
	}
	// In TrustsLedBy's order, sorted here: a person leads a trust or two,
	// and an ORDER BY on the joined table made SQLite build a sorter.
	slices.SortFunc(leads, func(x, y standards.TrustLead) int {
		return cmp.Or(x.AppointedAt.Compare(y.AppointedAt), strings.Compare(x.TrustID, y.TrustID))
	})
	if t.leads == nil {
		t.leads = map[string][]standards.TrustLead{}
	}
	t.leads[person.ID] = leads
	return person, nil
}
