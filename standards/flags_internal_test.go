package standards

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestByRecordGroupsRunsAndSplitGroups(t *testing.T) {
	type row struct{ record, name string }
	xs := []row{{"a", "1"}, {"a", "2"}, {"b", "3"}, {"a", "4"}, {"c", "5"}}
	got := byRecord(xs, func(r row) string { return r.record })
	assert.Equal(t, map[string][]row{
		"a": {{"a", "1"}, {"a", "2"}, {"a", "4"}},
		"b": {{"b", "3"}},
		"c": {{"c", "5"}},
	}, got)

	// A group kept as a run of xs is capped at its length: appending to it
	// leaves the next group alone.
	runs := byRecord([]row{{"a", "1"}, {"b", "2"}}, func(r row) string { return r.record })
	_ = append(runs["a"], row{"a", "3"})
	assert.Equal(t, []row{{"b", "2"}}, runs["b"])
}
