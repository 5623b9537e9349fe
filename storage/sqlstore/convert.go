package sqlstore

import (
	"encoding/json"
	"time"
)

// utc gives a time read from the database in UTC, and the zero time for a
// NULL, so that times compare equal whatever zone the driver used.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// convert maps rows to domain values; an empty result is an empty slice.
func convert[R any, V any](rows []R, f func(*R) V) []V {
	out := make([]V, len(rows))
	for i := range rows {
		out[i] = f(&rows[i])
	}
	return out
}

// toJSON and fromJSON keep a small list in one column: recipients, target
// ids, attendees, meeting updates. Nothing queries inside them.
func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sqlstore: " + err.Error()) // only plain slices of strings and structs are stored
	}
	return string(b)
}

func fromJSON[T any](s string) T {
	var v T
	_ = json.Unmarshal([]byte(s), &v)
	return v
}

// nonNil gives an empty list for nil, so that a list column holds [] rather
// than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
