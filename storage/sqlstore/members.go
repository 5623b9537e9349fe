package sqlstore

import (
	"context"
	"reflect"

	"github.com/uptrace/bun/schema"

	"github.com/eops/eops/standards"
)

// A centre's registrations are read with their people on a store that
// prepares (prepared.go), and the transaction keeps the people (tx.people)
// for People, which a roster asks for next: two statements become one, and
// the second, a list of ids, was a tenth of a centre's list
// (docs/benchmarks.md). A person the transaction creates or changes is
// forgotten, so that People reads them afresh.

// membersOfCentreYear names the kept text of the join (Store.texts); the
// text itself is written by membersText, as bun writes no such join.
var membersOfCentreYear = &read{table: "registrations"}

// membersText is the select of a centre's registrations for a year, each
// with its person's columns after its own, in RegistrationsByCentre's order.
func (t *tx) membersText() string {
	key := keptText{r: membersOfCentreYear}
	if kept, ok := t.s.texts.Load(key); ok {
		return kept.(string)
	}
	gen := t.db.QueryGen()
	b := []byte("SELECT ")
	for i, f := range t.memberFields() {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, f.alias...)
		b = gen.AppendName(append(b, '.'), f.Name)
	}
	b = gen.AppendIdent(append(b, " FROM "...), t.s.prefix+"registrations")
	b = gen.AppendIdent(append(b, " AS r JOIN "...), t.s.prefix+"people")
	b = append(b, " AS p ON p.id = r.person_id WHERE r.centre_id = ? AND r.year = ? ORDER BY r.requested_at, r.id"...)
	t.s.texts.Store(key, string(b))
	return string(b)
}

// memberField is a column of the join: a field of registrationRow (alias
// r) or of personRow (alias p).
type memberField struct {
	*schema.Field
	alias  string
	person bool
}

func (t *tx) memberFields() []memberField {
	var out []memberField
	for _, f := range t.db.Table(reflect.TypeFor[registrationRow]()).Fields {
		out = append(out, memberField{f, "r", false})
	}
	for _, f := range t.db.Table(reflect.TypeFor[personRow]()).Fields {
		out = append(out, memberField{f, "p", true})
	}
	return out
}

// registrationsWithPeople is RegistrationsByCentre on a store that
// prepares: it keeps each registration's person for People.
func (t *tx) registrationsWithPeople(ctx context.Context, centreID string, year standards.AcademicYear) ([]standards.Registration, error) {
	text := t.membersText()
	fields := t.memberFields()
	args := []any{centreID, int64(year)}
	var out []standards.Registration
	err := t.hooked(ctx, text, args, func(ctx context.Context) error {
		rows, err := t.conn.QueryContext(ctx, text, args...)
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
			var reg registrationRow
			var person personRow
			regV, personV := reflect.ValueOf(&reg).Elem(), reflect.ValueOf(&person).Elem()
			for i, f := range fields {
				into := regV
				if f.person {
					into = personV
				}
				if err := f.ScanValue(into, values[i]); err != nil {
					return err
				}
			}
			out = append(out, reg.registration())
			if t.people == nil {
				t.people = map[string]standards.Person{}
			}
			t.people[person.ID] = person.person()
		}
		return rows.Err()
	})
	if err != nil {
		return nil, translate(err)
	}
	if out == nil {
		out = []standards.Registration{}
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
