package standards

import (
	"context"
	"math/bits"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// partsTx answers RecordSheet with only the parts asked for, and lists what
// was asked.
type partsTx struct {
	Tx
	asked []RecordParts
}

func (t *partsTx) RecordSheet(_ context.Context, recordID string, parts RecordParts) (RecordSheet, error) {
	t.asked = append(t.asked, parts)
	s := RecordSheet{Record: Record{ID: recordID}, CentreYear: CentreSheet{Centre: Centre{ID: "c1"}, Year: 2025}}
	if parts.Has(RecordTargets) {
		s.Targets = []Target{{ID: "t1"}}
	}
	if parts.Has(RecordNotes) {
		s.Notes = []PrivateNote{{ID: "n1"}}
	}
	return s, nil
}

// A command that asks for a part its first read did not bring reads the
// sheet again with both, and keeps what it read before.
func TestARecordSheetReadAgainHoldsWhatWasReadBefore(t *testing.T) {
	tx := &partsTx{}
	c := &call{ctx: t.Context(), tx: tx, seen: &seenReads{}}

	s, err := c.recordSheet("r1", RecordNotes)
	require.NoError(t, err)
	assert.Len(t, s.Notes, 1)
	assert.Empty(t, s.Targets)

	s, err = c.recordSheet("r1", RecordTargets)
	require.NoError(t, err)
	assert.Len(t, s.Targets, 1, "the part asked for now")
	assert.Len(t, s.Notes, 1, "the part read before")
	assert.Equal(t, []RecordParts{RecordNotes, RecordNotes | RecordTargets}, tx.asked)

	s, err = c.recordSheet("r1", RecordTargets|RecordNotes)
	require.NoError(t, err)
	assert.Len(t, s.Targets, 1)
	assert.Len(t, tx.asked, 2, "what was read is not read again")

	// After a command's first write nothing is kept: each read asks anew.
	c.seen = nil
	_, err = c.recordSheet("r1", RecordTargets)
	require.NoError(t, err)
	_, err = c.recordSheet("r1", RecordTargets)
	require.NoError(t, err)
	assert.Equal(t, []RecordParts{RecordTargets, RecordTargets}, tx.asked[2:])
}

// Every list and value of a RecordSheet but the record is one bit of
// RecordParts (its centre's year whole is RecordCentreYear), and
// AllRecordParts holds them all: a part added to the sheet without its bit
// would never be read by a SQL store.
func TestRecordPartsNameEveryPartOfTheSheet(t *testing.T) {
	parts := reflect.TypeFor[RecordSheet]().NumField() - 1 // Record
	assert.Equal(t, parts, bits.OnesCount16(uint16(AllRecordParts)))
	assert.Equal(t, RecordParts(1<<parts-1), AllRecordParts, "the bits are the lowest, one a part")
	assert.Equal(t, RecordCentreYear, RecordParts(1<<(parts-1)), "RecordCentreYear is the last")
}
